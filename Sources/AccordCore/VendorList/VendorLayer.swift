/// What the banner's vendor layer shows for a property: the TCF purposes, special purposes, features and
/// special features with how many disclosed vendors declare each, and the disclosed vendors with what they
/// declare, how long they keep data and where their policies are. Pure; built from the property's vendor list.
///
/// Vendors are sorted by name (how a visitor looks for one); every declaration of the list is kept, with
/// a count of 0 when no disclosed vendor uses it, so the layer can leave those out without a second lookup.
public struct VendorLayer: Hashable, Sendable, Encodable {
    public var gvlSpecificationVersion: Int
    public var vendorListVersion: Int
    public var tcfPolicyVersion: Int
    public var lastUpdated: String
    public var purposes: [PurposeEntry]
    public var specialPurposes: [DeclarationEntry]
    public var features: [DeclarationEntry]
    public var specialFeatures: [DeclarationEntry]
    public var vendors: [VendorEntry]

    /// A TCF purpose, with the property purposes whose choice governs its consent.
    public struct PurposeEntry: Hashable, Sendable, Encodable {
        public var id: Int
        public var name: String
        public var description: String
        public var illustrations: [String]
        public var legitimateInterestAllowed: Bool
        public var propertyPurposes: [String]
        public var consentVendors: Int
        public var legIntVendors: Int
    }

    /// A special purpose, feature or special feature, with how many disclosed vendors declare it.
    public struct DeclarationEntry: Hashable, Sendable, Encodable {
        public var id: Int
        public var name: String
        public var description: String
        public var illustrations: [String]
        public var vendors: Int
    }

    public struct VendorEntry: Hashable, Sendable, Encodable {
        public var id: Int
        public var name: String
        public var purposes: [Int]
        public var legIntPurposes: [Int]
        public var flexiblePurposes: [Int]
        public var specialPurposes: [Int]
        public var features: [Int]
        public var specialFeatures: [Int]
        public var usesCookies: Bool
        public var cookieMaxAgeSeconds: Int?
        public var cookieRefresh: Bool?
        public var usesNonCookieAccess: Bool
        public var deviceStorageDisclosureUrl: String?
        public var privacyUrl: String?
        public var legIntClaimUrl: String?
        public var dataRetention: GlobalVendorList.Retention?
    }

    public init(property: Property, vendorList list: GlobalVendorList, locale: String) {
        let vendors = list.disclosedVendors(for: property)
        func count(_ id: Int, in declared: KeyPath<GlobalVendorList.Vendor, [Int]>) -> Int {
            vendors.count { $0[keyPath: declared].contains(id) }
        }
        func entries(_ declarations: [Int: GlobalVendorList.Declaration], _ declared: KeyPath<GlobalVendorList.Vendor, [Int]>)
            -> [DeclarationEntry]
        {
            declarations.values.sorted { $0.id < $1.id }.map {
                DeclarationEntry(
                    id: $0.id, name: $0.name, description: $0.description, illustrations: $0.illustrations,
                    vendors: count($0.id, in: declared))
            }
        }
        gvlSpecificationVersion = list.gvlSpecificationVersion
        vendorListVersion = list.vendorListVersion
        tcfPolicyVersion = list.tcfPolicyVersion
        lastUpdated = list.lastUpdated
        purposes = list.purposes.values.sorted { $0.id < $1.id }.map { purpose in
            PurposeEntry(
                id: purpose.id, name: purpose.name, description: purpose.description, illustrations: purpose.illustrations,
                legitimateInterestAllowed: TCStringBuilder.legitimateInterestPurposes.contains(purpose.id),
                propertyPurposes: property.activePurposes.filter { property.tcfPurposeMapping[$0.key]?.contains(purpose.id) == true }
                    .map(\.key.rawValue),
                consentVendors: count(purpose.id, in: \.purposes), legIntVendors: count(purpose.id, in: \.legIntPurposes))
        }
        specialPurposes = entries(list.specialPurposes, \.specialPurposes)
        features = entries(list.features, \.features)
        specialFeatures = entries(list.specialFeatures, \.specialFeatures)
        self.vendors =
            vendors.map { vendor in
                let urls = Self.urls(vendor.urls, locale: locale)
                return VendorEntry(
                    id: vendor.id, name: vendor.name, purposes: vendor.purposes, legIntPurposes: vendor.legIntPurposes,
                    flexiblePurposes: vendor.flexiblePurposes, specialPurposes: vendor.specialPurposes,
                    features: vendor.features, specialFeatures: vendor.specialFeatures, usesCookies: vendor.usesCookies,
                    cookieMaxAgeSeconds: vendor.cookieMaxAgeSeconds, cookieRefresh: vendor.cookieRefresh,
                    usesNonCookieAccess: vendor.usesNonCookieAccess,
                    deviceStorageDisclosureUrl: vendor.deviceStorageDisclosureUrl, privacyUrl: urls?.privacy,
                    legIntClaimUrl: urls?.legIntClaim, dataRetention: vendor.dataRetention)
            }
            .sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    /// The vendor's policy links in the visitor's language, else English, else the first given.
    static func urls(_ urls: [GlobalVendorList.LocalizedURLs], locale: String) -> GlobalVendorList.LocalizedURLs? {
        let language = locale.prefix(while: { $0 != "-" && $0 != "_" }).lowercased()
        return urls.first { $0.langId.lowercased() == language } ?? urls.first { $0.langId.lowercased() == "en" }
            ?? urls.first
    }
}
