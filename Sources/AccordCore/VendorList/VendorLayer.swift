/// What the banner's vendor layer shows for a property: the TCF purposes, special purposes, features and
/// special features with how many disclosed vendors declare each, and the disclosed vendors with what they
/// declare, how long they keep data and where their policies are. Pure; built from the property's vendor list.
///
/// Vendors are sorted by name (how a visitor looks for one); every declaration of the list is kept, with
/// a count of 0 when no disclosed vendor uses it, so the layer can leave those out without a second lookup.
public struct VendorLayer: Hashable, Sendable, Encodable {
    /// The vendor list's specification version (3).
    public var gvlSpecificationVersion: Int
    /// The version of the list the layer was built from, and so the one a TC string made now names.
    public var vendorListVersion: Int
    /// The TCF policy version of that list.
    public var tcfPolicyVersion: Int
    /// When the IAB published that list (ISO 8601, as given).
    public var lastUpdated: String
    /// Every TCF purpose of the list, in id order.
    public var purposes: [PurposeEntry]
    /// Every special purpose of the list, in id order.
    public var specialPurposes: [DeclarationEntry]
    /// Every feature of the list, in id order.
    public var features: [DeclarationEntry]
    /// Every special feature of the list, in id order; the visitor opts in to them one by one.
    public var specialFeatures: [DeclarationEntry]
    /// The disclosed vendors, by name (ignoring case), then id.
    public var vendors: [VendorEntry]

    /// A TCF purpose, with the property purposes whose choice governs its consent.
    public struct PurposeEntry: Hashable, Sendable, Encodable {
        /// The TCF purpose id, 1 to 11.
        public var id: Int
        /// Its name as the list gives it.
        public var name: String
        /// Its standard description as the list gives it.
        public var description: String
        /// The list's examples of the processing; often empty.
        public var illustrations: [String]
        /// Whether TCF v2.2 lets the purpose rest on legitimate interest (2, 7 to 11), so the layer offers an objection.
        public var legitimateInterestAllowed: Bool
        /// Keys of the property's active purposes mapped to it (`tcfPurposeMapping`): their choices decide its consent.
        public var propertyPurposes: [String]
        /// How many disclosed vendors process it on consent.
        public var consentVendors: Int
        /// How many disclosed vendors process it on legitimate interest.
        public var legIntVendors: Int
    }

    /// A special purpose, feature or special feature, with how many disclosed vendors declare it.
    public struct DeclarationEntry: Hashable, Sendable, Encodable {
        /// Its id within its kind.
        public var id: Int
        /// Its name as the list gives it.
        public var name: String
        /// Its standard description as the list gives it.
        public var description: String
        /// The list's examples of the processing; often empty.
        public var illustrations: [String]
        /// How many disclosed vendors declare it; with 0 the layer may leave it out.
        public var vendors: Int
    }

    /// A disclosed vendor: what it declares, how long it keeps data, and its policy links in the visitor's language.
    public struct VendorEntry: Hashable, Sendable, Encodable {
        /// The vendor's GVL id, as TC strings name it.
        public var id: Int
        /// The vendor's registered name.
        public var name: String
        /// TCF purposes it processes on consent.
        public var purposes: [Int]
        /// TCF purposes it processes on legitimate interest; the visitor may object.
        public var legIntPurposes: [Int]
        /// Purposes whose legal basis a publisher restriction may switch.
        public var flexiblePurposes: [Int]
        /// Special purposes it declares; they cannot be refused.
        public var specialPurposes: [Int]
        /// Features it uses; disclosed, never chosen.
        public var features: [Int]
        /// Special features it uses, each needing the visitor's opt-in.
        public var specialFeatures: [Int]
        /// Whether it stores or reads cookies.
        public var usesCookies: Bool
        /// How long its cookies live, in seconds; nil when it uses none or did not say.
        public var cookieMaxAgeSeconds: Int?
        /// Whether its cookies' lifetime restarts on each visit; nil when it did not say.
        public var cookieRefresh: Bool?
        /// Whether it stores or reads device data by other means than cookies.
        public var usesNonCookieAccess: Bool
        /// Where its device storage disclosure (each cookie and storage item) is published.
        public var deviceStorageDisclosureUrl: String?
        /// Its privacy policy in the visitor's language, else English, else the first language given; nil with none.
        public var privacyUrl: String?
        /// Its legitimate-interest statement, from the same language's links as `privacyUrl`; nil when those have none.
        public var legIntClaimUrl: String?
        /// How long it keeps data, in days; nil when the list does not say.
        public var dataRetention: GlobalVendorList.Retention?
    }

    /// The layer for `property` from `list`, with policy links in `locale`'s language where the vendor has them.
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
