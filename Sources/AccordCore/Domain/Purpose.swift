/// Why personal data is processed; the unit a person consents to.
public struct Purpose: Hashable, Sendable, Codable {
    /// The lawful basis the controller relies on for this purpose (GDPR Art. 6(1)).
    public enum LegalBasis: String, Hashable, Sendable, Codable, CaseIterable {
        case consent
        case legitimateInterest
        case contract
        case legalObligation
    }

    public var key: PurposeKey
    public var name: String
    public var description: String
    public var legalBasis: LegalBasis
    /// Required purposes (strictly necessary) are always on and cannot be refused.
    public var isRequired: Bool
    /// How many days a choice for this purpose stays valid before the person must be asked again.
    public var lifetimeDays: Int

    /// Twelve months, the common default and within TCF's 13-month ceiling.
    public static let defaultLifetimeDays = 365

    /// The lifetime as a duration.
    public var lifetime: Duration { .seconds(Int64(lifetimeDays) * 86_400) }

    public init(
        key: PurposeKey,
        name: String,
        description: String,
        legalBasis: LegalBasis = .consent,
        isRequired: Bool = false,
        lifetimeDays: Int = Purpose.defaultLifetimeDays
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.legalBasis = legalBasis
        self.isRequired = isRequired
        self.lifetimeDays = lifetimeDays
    }
}
