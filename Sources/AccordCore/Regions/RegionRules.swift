/// A property's ordered region rules: the first rule that covers the visitor's region applies, else the fallback.
public struct RegionRules: Hashable, Sendable, Codable {
    /// The rules in order of precedence: a specific region (`US-CA`) must come before a rule covering its country.
    public var rules: [RegionRule]
    /// For visitors from a known region no rule covers.
    public var fallback: RegionRule
    /// For visitors whose region cannot be told at all. They may be anywhere, so the shipped rule is opt-in.
    public var unknown: RegionRule

    /// Rules from their parts; `shipped` holds Accord's defaults.
    public init(rules: [RegionRule], fallback: RegionRule, unknown: RegionRule) {
        self.rules = rules
        self.fallback = fallback
        self.unknown = unknown
    }

    /// The first rule covering `region`, else `fallback`, also for nil: the rule for an unknown region is `unknown`,
    /// which `Property.rule(for:)` applies.
    public func rule(for region: String?) -> RegionRule {
        guard let region else { return fallback }
        return rules.first { $0.covers(region) } ?? fallback
    }

    /// The first region code that is not known, with its JSON path, if any.
    public func firstUnknownRegion() -> (field: String, code: String)? {
        for (index, rule) in rules.enumerated() {
            if rule.regions.isEmpty { return ("regionRules.rules[\(index)].regions", "") }
            for (position, code) in rule.regions.enumerated() where !RegionCatalog.isKnown(code) {
                return ("regionRules.rules[\(index)].regions[\(position)]", code)
            }
        }
        return nil
    }

    /// The defaults Accord ships. They follow the common reading of each law; they are not legal advice.
    ///
    /// - EEA (GDPR), United Kingdom (UK GDPR), Switzerland (FADP), Brazil (LGPD), Quebec (Law 25): opt-in.
    /// - US states with comprehensive privacy laws: opt-out, with Global Privacy Control honoured in all of them
    ///   (several require it; honouring it everywhere is the privacy-protective reading).
    /// - Everywhere else: notice only; a visitor whose region is unknown: opt-in.
    public static let shipped = RegionRules(
        rules: [
            RegionRule(regions: ["EEA"], regime: .optIn, regulation: "GDPR"),
            RegionRule(regions: ["GB"], regime: .optIn, regulation: "UK GDPR"),
            RegionRule(regions: ["CH"], regime: .optIn, regulation: "FADP"),
            RegionRule(regions: ["BR"], regime: .optIn, regulation: "LGPD"),
            RegionRule(regions: ["CA-QC"], regime: .optIn, regulation: "Quebec Law 25"),
        ]
            + RegionCatalog.usPrivacyLaws.map { state, law in
                RegionRule(regions: ["US-\(state)"], regime: .optOut, regulation: law, honoursGPC: true)
            },
        fallback: RegionRule(regions: [], regime: .noticeOnly, regulation: "none"),
        unknown: RegionRule(regions: [], regime: .optIn, regulation: "unknown region")
    )
}
