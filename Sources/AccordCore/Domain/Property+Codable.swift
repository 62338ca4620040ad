/// Decoding fills in every field that has a default, so API bodies and config files can stay short.
extension Property {
    enum CodingKeys: String, CodingKey {
        case id, name, allowedOrigins, purposes, defaultLocale, locales, defaultRegion, regionHeader, cookieDomain
        case cookieLifetimeDays, expiryNoticeDays, confirmChoicesByEmail, tcfEnabled, gppEnabled, tcfPurposeMapping, tcfVendors, consentMode,
            cookiesToDelete, regionRules,
            texts, requestHolidays
        case requestTimeZone, privacyContact
        case currentPolicyVersion, isArchived
        case topics
        case controller, privacyPolicyURLs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaultLocale = try container.decodeIfPresent(String.self, forKey: .defaultLocale) ?? "en"
        self.init(
            id: try container.decode(PropertyID.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            allowedOrigins: try container.decodeIfPresent([OriginPattern].self, forKey: .allowedOrigins) ?? [],
            purposes: try container.decodeIfPresent([Purpose].self, forKey: .purposes) ?? [],
            defaultLocale: defaultLocale,
            locales: try container.decodeIfPresent([String].self, forKey: .locales) ?? [defaultLocale],
            defaultRegion: try container.decodeIfPresent(String.self, forKey: .defaultRegion),
            regionHeader: try container.decodeIfPresent(String.self, forKey: .regionHeader),
            cookieDomain: try container.decodeIfPresent(String.self, forKey: .cookieDomain),
            cookieLifetimeDays: try container.decodeIfPresent(Int.self, forKey: .cookieLifetimeDays) ?? 365,
            expiryNoticeDays: try container.decodeIfPresent(Int.self, forKey: .expiryNoticeDays)
                ?? Property.defaultExpiryNoticeDays,
            confirmChoicesByEmail: try container.decodeIfPresent(Bool.self, forKey: .confirmChoicesByEmail) ?? false,
            requestHolidays: try container.decodeIfPresent([String].self, forKey: .requestHolidays) ?? [],
            requestTimeZone: try container.decodeIfPresent(String.self, forKey: .requestTimeZone),
            privacyContact: try container.decodeIfPresent(String.self, forKey: .privacyContact),
            tcfEnabled: try container.decodeIfPresent(Bool.self, forKey: .tcfEnabled) ?? false,
            gppEnabled: try container.decodeIfPresent(Bool.self, forKey: .gppEnabled) ?? false,
            tcfPurposeMapping: try container.decodeIfPresent([PurposeKey: [Int]].self, forKey: .tcfPurposeMapping) ?? [:],
            tcfVendors: try container.decodeIfPresent([Int].self, forKey: .tcfVendors) ?? [],
            consentMode: try container.decodeIfPresent([PurposeKey: [ConsentModeType]].self, forKey: .consentMode) ?? [:],
            cookiesToDelete: try container.decodeIfPresent([PurposeKey: [String]].self, forKey: .cookiesToDelete) ?? [:],
            regionRules: try container.decodeIfPresent(RegionRules.self, forKey: .regionRules) ?? .shipped,
            texts: try container.decodeIfPresent([String: [String: String]].self, forKey: .texts) ?? [:],
            currentPolicyVersion: try container.decodeIfPresent(Int.self, forKey: .currentPolicyVersion) ?? 0,
            isArchived: try container.decodeIfPresent(Bool.self, forKey: .isArchived) ?? false,
            topics: try container.decodeIfPresent([Topic].self, forKey: .topics) ?? [],
            controller: try container.decodeIfPresent(DataController.self, forKey: .controller),
            privacyPolicyURLs: try container.decodeIfPresent([String: String].self, forKey: .privacyPolicyURLs) ?? [:])
    }
}

extension Purpose {
    enum CodingKeys: String, CodingKey {
        case key, name, description, legalBasis, isRequired, lifetimeDays, expiryNoticeDays, optOutCategories, channels, topics
        case translations, isRetired, vendors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try container.decode(PurposeKey.self, forKey: .key),
            name: try container.decode(String.self, forKey: .name),
            description: try container.decode(String.self, forKey: .description),
            legalBasis: try container.decodeIfPresent(LegalBasis.self, forKey: .legalBasis) ?? .consent,
            isRequired: try container.decodeIfPresent(Bool.self, forKey: .isRequired) ?? false,
            lifetimeDays: try container.decodeIfPresent(Int.self, forKey: .lifetimeDays) ?? Purpose.defaultLifetimeDays,
            expiryNoticeDays: try container.decodeIfPresent(Int.self, forKey: .expiryNoticeDays),
            optOutCategories: try container.decodeIfPresent([OptOutCategory].self, forKey: .optOutCategories) ?? [],
            channels: try container.decodeIfPresent([Channel].self, forKey: .channels) ?? [],
            topics: try container.decodeIfPresent([String].self, forKey: .topics) ?? [],
            translations: try container.decodeIfPresent([String: Text].self, forKey: .translations) ?? [:],
            isRetired: try container.decodeIfPresent(Bool.self, forKey: .isRetired) ?? false,
            vendors: try container.decodeIfPresent([String].self, forKey: .vendors) ?? [])
    }

    /// As the synthesised encoding, with `vendors` only when there are some: a purpose without vendors encodes
    /// as before they existed, so the content hashes of published policy versions stay what they were.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(legalBasis, forKey: .legalBasis)
        try container.encode(isRequired, forKey: .isRequired)
        try container.encode(lifetimeDays, forKey: .lifetimeDays)
        try container.encodeIfPresent(expiryNoticeDays, forKey: .expiryNoticeDays)
        try container.encode(optOutCategories, forKey: .optOutCategories)
        try container.encode(channels, forKey: .channels)
        try container.encode(topics, forKey: .topics)
        try container.encode(translations, forKey: .translations)
        try container.encode(isRetired, forKey: .isRetired)
        if !vendors.isEmpty { try container.encode(vendors, forKey: .vendors) }
    }
}

extension RegionRule {
    enum CodingKeys: String, CodingKey {
        case regions, regime, regulation, honoursGPC, purposeDefaults, lifetimeDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            regions: try container.decodeIfPresent([String].self, forKey: .regions) ?? [],
            regime: try container.decode(Regime.self, forKey: .regime),
            regulation: try container.decode(String.self, forKey: .regulation),
            honoursGPC: try container.decodeIfPresent(Bool.self, forKey: .honoursGPC) ?? false,
            purposeDefaults: try container.decodeIfPresent([PurposeKey: ConsentChoice].self, forKey: .purposeDefaults) ?? [:],
            lifetimeDays: try container.decodeIfPresent([PurposeKey: Int].self, forKey: .lifetimeDays) ?? [:])
    }
}
