/// The legal model that decides what applies before a person has chosen.
public enum Regime: String, Hashable, Sendable, Codable, CaseIterable {
    /// GDPR, UK GDPR, FADP, LGPD, Quebec Law 25: nothing but strictly necessary until a choice.
    case optIn
    /// CCPA/CPRA and other US state laws: allowed until the person opts out (GPC counts as an opt-out).
    case optOut
    /// Inform only; processing is not gated on a choice.
    case noticeOnly

    /// The choice assumed for a purpose nobody has chosen for yet.
    public func defaultChoice(for purpose: Purpose) -> ConsentChoice {
        if purpose.isRequired { return .granted }
        switch self {
        case .optIn: return .denied
        case .optOut, .noticeOnly: return .granted
        }
    }

    /// The defaults for every purpose of a property, as the banner starts from them.
    public func defaults(for purposes: [Purpose]) -> [PurposeKey: ConsentChoice] {
        Dictionary(uniqueKeysWithValues: purposes.map { ($0.key, defaultChoice(for: $0)) })
    }
}
