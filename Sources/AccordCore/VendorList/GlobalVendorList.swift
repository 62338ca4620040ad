/// An IAB TCF Global Vendor List, version 3 of its specification: the registered vendors with what they
/// declare, and the purposes, special purposes, features and special features they refer to by id.
///
/// Field names are those of the GVL JSON, so the encoded form is a (smaller) GVL v3 document: stacks,
/// data categories and data declarations are not kept.
public struct GlobalVendorList: Hashable, Sendable, Codable {
    /// The only specification version this type reads.
    public static let specificationVersion = 3

    public var gvlSpecificationVersion: Int
    public var vendorListVersion: Int
    public var tcfPolicyVersion: Int
    /// When the IAB last published this version (ISO 8601, as given).
    public var lastUpdated: String
    public var purposes: [Int: Declaration]
    public var specialPurposes: [Int: Declaration]
    public var features: [Int: Declaration]
    public var specialFeatures: [Int: Declaration]
    public var vendors: [Int: Vendor]

    public init(
        vendorListVersion: Int, tcfPolicyVersion: Int, lastUpdated: String, purposes: [Int: Declaration] = [:],
        specialPurposes: [Int: Declaration] = [:], features: [Int: Declaration] = [:],
        specialFeatures: [Int: Declaration] = [:], vendors: [Int: Vendor] = [:]
    ) {
        self.gvlSpecificationVersion = Self.specificationVersion
        self.vendorListVersion = vendorListVersion
        self.tcfPolicyVersion = tcfPolicyVersion
        self.lastUpdated = lastUpdated
        self.purposes = purposes
        self.specialPurposes = specialPurposes
        self.features = features
        self.specialFeatures = specialFeatures
        self.vendors = vendors
    }

    /// A purpose, special purpose, feature or special feature.
    public struct Declaration: Hashable, Sendable, Codable {
        public var id: Int
        public var name: String
        public var description: String
        public var illustrations: [String]

        public init(id: Int, name: String, description: String, illustrations: [String] = []) {
            self.id = id
            self.name = name
            self.description = description
            self.illustrations = illustrations
        }
    }

    /// A registered vendor and what it declares.
    public struct Vendor: Hashable, Sendable, Codable {
        public var id: Int
        public var name: String
        /// Purposes processed on consent.
        public var purposes: [Int]
        /// Purposes processed on legitimate interest (the visitor may object).
        public var legIntPurposes: [Int]
        /// Purposes whose legal basis the publisher may change with a restriction.
        public var flexiblePurposes: [Int]
        public var specialPurposes: [Int]
        public var features: [Int]
        public var specialFeatures: [Int]
        /// How long cookies live, in seconds; nil when the vendor uses none or did not say.
        public var cookieMaxAgeSeconds: Int?
        public var usesCookies: Bool
        public var cookieRefresh: Bool?
        public var usesNonCookieAccess: Bool
        public var deviceStorageDisclosureUrl: String?
        public var urls: [LocalizedURLs]
        public var dataRetention: Retention?
        /// Set when the vendor left the list; its id stays reserved.
        public var deletedDate: String?

        public init(id: Int, name: String, purposes: [Int] = [], legIntPurposes: [Int] = [], usesCookies: Bool = false) {
            self.id = id
            self.name = name
            self.purposes = purposes
            self.legIntPurposes = legIntPurposes
            self.flexiblePurposes = []
            self.specialPurposes = []
            self.features = []
            self.specialFeatures = []
            self.usesCookies = usesCookies
            self.usesNonCookieAccess = false
            self.urls = []
        }
    }

    /// A vendor's privacy policy and legitimate-interest claim in one language.
    public struct LocalizedURLs: Hashable, Sendable, Codable {
        public var langId: String
        public var privacy: String
        public var legIntClaim: String?

        public init(langId: String, privacy: String, legIntClaim: String? = nil) {
            self.langId = langId
            self.privacy = privacy
            self.legIntClaim = legIntClaim
        }
    }

    /// How long a vendor keeps data, in days: a standard period and overrides per (special) purpose.
    public struct Retention: Hashable, Sendable, Codable {
        public var stdRetention: Int?
        public var purposes: [Int: Int]
        public var specialPurposes: [Int: Int]

        public init(stdRetention: Int?, purposes: [Int: Int] = [:], specialPurposes: [Int: Int] = [:]) {
            self.stdRetention = stdRetention
            self.purposes = purposes
            self.specialPurposes = specialPurposes
        }
    }
}
