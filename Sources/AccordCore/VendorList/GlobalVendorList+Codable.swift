/// Decoding is lenient where GVL entries differ in practice (lists and flags left out read as empty or
/// false) and strict about ids, names and versions.
extension GlobalVendorList.Declaration {
    enum CodingKeys: String, CodingKey { case id, name, description, illustrations }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            description: try container.decodeIfPresent(String.self, forKey: .description) ?? "",
            illustrations: try container.decodeIfPresent([String].self, forKey: .illustrations) ?? [])
    }
}

extension GlobalVendorList.Vendor {
    enum CodingKeys: String, CodingKey {
        case id, name, purposes, legIntPurposes, flexiblePurposes, specialPurposes, features, specialFeatures
        case cookieMaxAgeSeconds, usesCookies, cookieRefresh, usesNonCookieAccess, deviceStorageDisclosureUrl, urls
        case dataRetention, deletedDate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func ids(_ key: CodingKeys) throws -> [Int] { try container.decodeIfPresent([Int].self, forKey: key) ?? [] }
        self.init(
            id: try container.decode(Int.self, forKey: .id), name: try container.decode(String.self, forKey: .name),
            purposes: try ids(.purposes), legIntPurposes: try ids(.legIntPurposes),
            usesCookies: try container.decodeIfPresent(Bool.self, forKey: .usesCookies) ?? false)
        flexiblePurposes = try ids(.flexiblePurposes)
        specialPurposes = try ids(.specialPurposes)
        features = try ids(.features)
        specialFeatures = try ids(.specialFeatures)
        // A few vendors state a fractional age; only a whole number of seconds is kept.
        cookieMaxAgeSeconds = (try? container.decodeIfPresent(Int.self, forKey: .cookieMaxAgeSeconds)).flatMap { $0 }
        cookieRefresh = try container.decodeIfPresent(Bool.self, forKey: .cookieRefresh)
        usesNonCookieAccess = try container.decodeIfPresent(Bool.self, forKey: .usesNonCookieAccess) ?? false
        deviceStorageDisclosureUrl = try container.decodeIfPresent(String.self, forKey: .deviceStorageDisclosureUrl)
        urls = try container.decodeIfPresent([GlobalVendorList.LocalizedURLs].self, forKey: .urls) ?? []
        dataRetention = try container.decodeIfPresent(GlobalVendorList.Retention.self, forKey: .dataRetention)
        deletedDate = try container.decodeIfPresent(String.self, forKey: .deletedDate)
    }
}

extension GlobalVendorList.Retention {
    enum CodingKeys: String, CodingKey { case stdRetention, purposes, specialPurposes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stdRetention = try container.decodeIfPresent(Int.self, forKey: .stdRetention)
        purposes = try container.decodeIfPresent([Int: Int].self, forKey: .purposes) ?? [:]
        specialPurposes = try container.decodeIfPresent([Int: Int].self, forKey: .specialPurposes) ?? [:]
    }
}

extension GlobalVendorList {
    enum CodingKeys: String, CodingKey {
        case gvlSpecificationVersion, vendorListVersion, tcfPolicyVersion, lastUpdated, purposes, specialPurposes
        case features, specialFeatures, vendors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func declarations(_ key: CodingKeys) throws -> [Int: Declaration] {
            try container.decodeIfPresent([Int: Declaration].self, forKey: key) ?? [:]
        }
        self.init(
            vendorListVersion: try container.decode(Int.self, forKey: .vendorListVersion),
            tcfPolicyVersion: try container.decode(Int.self, forKey: .tcfPolicyVersion),
            lastUpdated: try container.decode(String.self, forKey: .lastUpdated),
            purposes: try declarations(.purposes), specialPurposes: try declarations(.specialPurposes),
            features: try declarations(.features), specialFeatures: try declarations(.specialFeatures),
            vendors: try container.decodeIfPresent([Int: Vendor].self, forKey: .vendors) ?? [:])
        gvlSpecificationVersion = try container.decode(Int.self, forKey: .gvlSpecificationVersion)
    }
}
