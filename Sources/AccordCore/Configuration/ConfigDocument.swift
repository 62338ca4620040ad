/// The whole configuration as code: every property with its purposes, texts and rules.
/// Never secrets, keys or consent data; no policy-version history (publishing is what `apply` does).
public struct ConfigDocument: Hashable, Sendable, Codable {
    /// The format this version reads and writes; a document without `format` is read as this one.
    public static let currentFormat = 1

    /// The document's format; decoding refuses any other than `currentFormat`.
    public var format: Int
    /// The properties, sorted by id; encoded with their setup only, never their history or lifecycle fields.
    public var properties: [Property]
    /// The newest published version of each form (`FormConfigPlanner`); left out of the YAML when there are none.
    public var forms: [ConfigForm] = []
    /// The data maps: property id → system key → system. Nil (no `systems` key) leaves every data map as stored;
    /// present, it is the whole map of every property in the document (a property without an entry has none).
    public var systems: [String: [String: SystemDocument]]?

    /// A document of `properties`, sorted by id, in the current format.
    public init(properties: [Property], systems: [String: [String: SystemDocument]]? = nil) {
        self.format = Self.currentFormat
        self.properties = properties.sorted { $0.id.rawValue < $1.id.rawValue }
        self.systems = systems
    }

    /// A document of `properties` and `forms`.
    public init(properties: [Property], forms: [ConfigForm]) {
        self.init(properties: properties)
        self.forms = forms
    }

    enum CodingKeys: String, CodingKey {
        case format, properties, forms, systems
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.format = try container.decodeIfPresent(Int.self, forKey: .format) ?? Self.currentFormat
        guard format == Self.currentFormat else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "format \(format) is not supported; use \(Self.currentFormat)")
        }
        self.properties = try container.decodeIfPresent([Property].self, forKey: .properties) ?? []
        self.forms = try container.decodeIfPresent([ConfigForm].self, forKey: .forms) ?? []
        self.systems = try container.decodeIfPresent([String: [String: SystemDocument]].self, forKey: .systems)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(properties.map(SetupOnly.init), forKey: .properties)
        if !forms.isEmpty { try container.encode(forms, forKey: .forms) }
        try container.encodeIfPresent(systems, forKey: .systems)
    }

    /// A property's setup without its history and lifecycle fields.
    private struct SetupOnly: Encodable {
        let property: Property

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Property.CodingKeys.self)
            try container.encode(property.id, forKey: .id)
            try container.encode(property.name, forKey: .name)
            try container.encode(property.allowedOrigins, forKey: .allowedOrigins)
            try container.encode(property.purposes, forKey: .purposes)
            try container.encode(property.defaultLocale, forKey: .defaultLocale)
            try container.encode(property.locales, forKey: .locales)
            try container.encodeIfPresent(property.defaultRegion, forKey: .defaultRegion)
            try container.encodeIfPresent(property.regionHeader, forKey: .regionHeader)
            try container.encodeIfPresent(property.cookieDomain, forKey: .cookieDomain)
            try container.encode(property.cookieLifetimeDays, forKey: .cookieLifetimeDays)
            try container.encode(property.expiryNoticeDays, forKey: .expiryNoticeDays)
            try container.encode(property.confirmChoicesByEmail, forKey: .confirmChoicesByEmail)
            try container.encode(property.tcfEnabled, forKey: .tcfEnabled)
            try container.encode(property.gppEnabled, forKey: .gppEnabled)
            try container.encode(property.tcfPurposeMapping, forKey: .tcfPurposeMapping)
            if !property.tcfVendors.isEmpty { try container.encode(property.tcfVendors, forKey: .tcfVendors) }
            try container.encode(property.consentMode, forKey: .consentMode)
            try container.encode(property.cookiesToDelete, forKey: .cookiesToDelete)
            try container.encode(property.regionRules, forKey: .regionRules)
            try container.encode(property.texts, forKey: .texts)
            if !property.topics.isEmpty { try container.encode(property.topics, forKey: .topics) }
            if !property.requestHolidays.isEmpty { try container.encode(property.requestHolidays, forKey: .requestHolidays) }
            try container.encodeIfPresent(property.controller, forKey: .controller)
            if !property.privacyPolicyURLs.isEmpty { try container.encode(property.privacyPolicyURLs, forKey: .privacyPolicyURLs) }
            try container.encodeIfPresent(property.requestTimeZone, forKey: .requestTimeZone)
            try container.encodeIfPresent(property.privacyContact, forKey: .privacyContact)
        }
    }
}
