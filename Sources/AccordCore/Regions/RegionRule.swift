/// One rule: for visitors from these regions, apply this regime under this regulation.
public struct RegionRule: Hashable, Sendable, Codable {
    /// ISO 3166-1 (`DE`) or 3166-2 (`US-CA`) codes, or group names (`EEA`); a country covers its subdivisions.
    public var regions: [String]
    /// The regime for visitors the rule covers.
    public var regime: Regime
    /// The law this rule implements, shown to the visitor in the experience (`GDPR`, `CCPA/CPRA`); events store the regime.
    public var regulation: String
    /// Whether a Global Privacy Control signal counts as an opt-out of sale, sharing and targeted advertising.
    public var honoursGPC: Bool
    /// Defaults that override the regime's own, per purpose.
    public var purposeDefaults: [PurposeKey: ConsentChoice]
    /// Lifetimes that override the purposes' own, in days.
    public var lifetimeDays: [PurposeKey: Int]

    /// A rule from its parts; by default GPC is not honoured and nothing is overridden.
    public init(
        regions: [String], regime: Regime, regulation: String, honoursGPC: Bool = false,
        purposeDefaults: [PurposeKey: ConsentChoice] = [:], lifetimeDays: [PurposeKey: Int] = [:]
    ) {
        self.regions = regions
        self.regime = regime
        self.regulation = regulation
        self.honoursGPC = honoursGPC
        self.purposeDefaults = purposeDefaults
        self.lifetimeDays = lifetimeDays
    }

    /// Whether the rule covers `region`: exactly, through a group, or as the country of a subdivision.
    public func covers(_ region: String) -> Bool {
        let country = region.split(separator: "-").first.map(String.init) ?? region
        return regions.lazy.flatMap(RegionCatalog.expand).contains { $0 == region || $0 == country }
    }

    /// The default for `purpose` under this rule.
    public func defaultChoice(for purpose: Purpose) -> ConsentChoice {
        if purpose.isRequired { return .granted }
        return purposeDefaults[purpose.key] ?? regime.defaultChoice(for: purpose)
    }
}
