/// An IAB TCF Global Vendor List, version 3 of its specification: the registered vendors with what they
/// declare, and the purposes, special purposes, features and special features they refer to by id.
///
/// Field names are those of the GVL JSON, so the encoded form is a (smaller) GVL v3 document: stacks,
/// data categories and data declarations are not kept.
public struct GlobalVendorList: Hashable, Sendable, Codable {
    /// The only specification version this type reads.
    public static let specificationVersion = 3

    /// The GVL specification version the document follows; always `specificationVersion` (3) once parsed.
    public var gvlSpecificationVersion: Int
    /// The list's own version, raised with each weekly publication; TC strings name it (1 to 4095).
    public var vendorListVersion: Int
    /// The TCF policy version the list was published under; TC strings made with it carry it.
    public var tcfPolicyVersion: Int
    /// When the IAB last published this version (ISO 8601, as given).
    public var lastUpdated: String
    /// The TCF purposes (1 to 11 in TCF v2.2) by id.
    public var purposes: [Int: Declaration]
    /// Special purposes, by id: processing a person cannot refuse in the CMP, such as security and fraud prevention.
    public var specialPurposes: [Int: Declaration]
    /// Features, by id: ways vendors use data for their purposes (such as linking devices), disclosed but not chosen.
    public var features: [Int: Declaration]
    /// Special features, by id: uses that need the person's opt-in, such as precise geolocation.
    public var specialFeatures: [Int: Declaration]
    /// The registered vendors by GVL id, deleted ones included (with their `deletedDate`).
    public var vendors: [Int: Vendor]

    /// A list of the current specification version from its parts; documents are read by `parse(_:)`.
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
        /// Its id within its kind (purpose 1 is not special purpose 1), as vendors and TC strings refer to it.
        public var id: Int
        /// Its name as the list gives it.
        public var name: String
        /// The IAB's standard description: what people must be told of it (TCF policy, Appendix A).
        public var description: String
        /// Examples of the processing the IAB gives for user-facing texts; often empty.
        public var illustrations: [String]

        /// A declaration from its parts, as read from the list.
        public init(id: Int, name: String, description: String, illustrations: [String] = []) {
            self.id = id
            self.name = name
            self.description = description
            self.illustrations = illustrations
        }
    }

    /// A registered vendor and what it declares.
    public struct Vendor: Hashable, Sendable, Codable {
        /// The vendor's GVL id, as TC strings name it (1 to 65535).
        public var id: Int
        /// The vendor's registered name, shown in the vendor layer.
        public var name: String
        /// Purposes processed on consent.
        public var purposes: [Int]
        /// Purposes processed on legitimate interest (the visitor may object).
        public var legIntPurposes: [Int]
        /// Purposes whose legal basis the publisher may change with a restriction.
        public var flexiblePurposes: [Int]
        /// Special purposes it declares: they need no consent and cannot be refused in the CMP.
        public var specialPurposes: [Int]
        /// Features it uses; disclosed to the person, never chosen.
        public var features: [Int]
        /// Special features it uses, each needing the person's opt-in.
        public var specialFeatures: [Int]
        /// How long cookies live, in seconds; nil when the vendor uses none or did not say.
        public var cookieMaxAgeSeconds: Int?
        /// Whether it stores or reads cookies on the device.
        public var usesCookies: Bool
        /// Whether its cookies' lifetime restarts on each visit; nil when it did not say.
        public var cookieRefresh: Bool?
        /// Whether it stores or reads device data by other means than cookies (local storage, say).
        public var usesNonCookieAccess: Bool
        /// Where its device storage disclosure (a JSON file of each cookie and storage item) is published.
        public var deviceStorageDisclosureUrl: String?
        /// Its privacy policy and legitimate-interest claim links, one entry per language.
        public var urls: [LocalizedURLs]
        /// How long it keeps data; nil when the list does not say.
        public var dataRetention: Retention?
        /// Set when the vendor left the list; its id stays reserved.
        public var deletedDate: String?

        /// A vendor with the members tests and fixtures set; the rest empty or false, as decoding reads them when left out.
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
        /// The language of the linked pages (`en`, `fr`), matched against the visitor's language.
        public var langId: String
        /// The URL of the vendor's privacy policy.
        public var privacy: String
        /// The URL stating its legitimate interest; nil for a vendor without one.
        public var legIntClaim: String?

        /// Links for one language, from their parts.
        public init(langId: String, privacy: String, legIntClaim: String? = nil) {
            self.langId = langId
            self.privacy = privacy
            self.legIntClaim = legIntClaim
        }
    }

    /// How long a vendor keeps data, in days: a standard period and overrides per (special) purpose.
    public struct Retention: Hashable, Sendable, Codable {
        /// Days kept for any purpose without an override; nil when not stated.
        public var stdRetention: Int?
        /// Days kept, by TCF purpose id, where they differ from `stdRetention`.
        public var purposes: [Int: Int]
        /// Days kept, by special purpose id.
        public var specialPurposes: [Int: Int]

        /// Retention periods from their parts, in days.
        public init(stdRetention: Int?, purposes: [Int: Int] = [:], specialPurposes: [Int: Int] = [:]) {
            self.stdRetention = stdRetention
            self.purposes = purposes
            self.specialPurposes = specialPurposes
        }
    }
}
