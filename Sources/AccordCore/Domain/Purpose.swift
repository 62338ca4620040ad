/// Why personal data is processed; the unit a person consents to.
public struct Purpose: Hashable, Sendable, Codable {
    /// The lawful basis the controller relies on for this purpose (GDPR Art. 6(1)).
    public enum LegalBasis: String, Hashable, Sendable, Codable, CaseIterable {
        /// The person's consent, Art. 6(1)(a): asked for, and refusable.
        case consent
        /// The controller's legitimate interests, Art. 6(1)(f): the person may object.
        case legitimateInterest
        /// Necessary for a contract with the person, Art. 6(1)(b).
        case contract
        /// Necessary to comply with a legal obligation, Art. 6(1)(c).
        case legalObligation
    }

    /// What the purpose means under US state laws, and so what a GPC signal opts out of.
    public enum OptOutCategory: String, Hashable, Sendable, Codable, CaseIterable {
        /// Sale of personal information (CCPA/CPRA, Cal. Civ. Code § 1798.120, and its equivalent in the other state laws).
        case sale
        /// Sharing for cross-context behavioural advertising (CPRA, Cal. Civ. Code § 1798.120).
        case sharing
        /// Targeted advertising, as the laws following Virginia's VCDPA name the opt-out.
        case targetedAdvertising
    }

    /// Channels for communication preferences.
    public enum Channel: String, Hashable, Sendable, Codable, CaseIterable {
        /// Email, text messages (SMS), telephone calls and letters by post.
        case email, sms, phone, post
        /// Push notifications to a device, and messages inside the organisation's own app or site.
        case push, inApp
    }

    /// A purpose's name and description in one locale.
    public struct Text: Hashable, Sendable, Codable {
        /// The purpose's name in this locale.
        public var name: String
        /// What the purpose covers, in this locale.
        public var description: String
        /// Pairs a translated name with its description.
        public init(name: String, description: String) {
            self.name = name
            self.description = description
        }
    }

    /// The purpose's key within its property: how events, the API and the SDK name it.
    public var key: PurposeKey
    /// Name and description in the property's default locale.
    public var name: String
    /// What processing the purpose covers, shown under its name in the banner.
    public var description: String
    /// The basis relied on; changing it is a change in substance that asks people again.
    public var legalBasis: LegalBasis
    /// Required purposes (strictly necessary) are always on and cannot be refused.
    public var isRequired: Bool
    /// How many days a choice for this purpose stays valid before the person must be asked again.
    public var lifetimeDays: Int
    /// Days before expiry to record the `expiring` notice for this purpose; nil takes the property's
    /// `expiryNoticeDays`. Not a change in substance.
    public var expiryNoticeDays: Int?
    /// Its US opt-out categories, sorted and unique; where a rule honours GPC, the signal opts out of such purposes.
    public var optOutCategories: [OptOutCategory]
    /// The channels a communication purpose uses; empty for other purposes. Not a change in substance.
    public var channels: [Channel]
    /// The topics of a communication purpose (one per newsletter, say); changing them asks people again.
    public var topics: [String]
    /// Name and description in other locales.
    public var translations: [String: Text]
    /// A retired purpose is no longer shown or asked, but its consents stay in the history.
    public var isRetired: Bool
    /// The third parties (vendors) that receive data for this purpose, as visitors know them; shown in the
    /// banner's customise layer and the preference center. A change asks people again: they agreed to recipients.
    public var vendors: [String]

    /// Twelve months, the common default and within TCF's 13-month ceiling.
    public static let defaultLifetimeDays = 365

    /// The lifetime as a duration.
    public var lifetime: Duration { .seconds(Int64(lifetimeDays) * 86_400) }

    /// Memberwise; opt-out categories are sorted and deduplicated, so encodings and the policy hash are deterministic.
    public init(
        key: PurposeKey,
        name: String,
        description: String,
        legalBasis: LegalBasis = .consent,
        isRequired: Bool = false,
        lifetimeDays: Int = Purpose.defaultLifetimeDays,
        expiryNoticeDays: Int? = nil,
        optOutCategories: [OptOutCategory] = [],
        channels: [Channel] = [],
        topics: [String] = [],
        translations: [String: Text] = [:],
        isRetired: Bool = false,
        vendors: [String] = []
    ) {
        self.vendors = vendors
        self.key = key
        self.name = name
        self.description = description
        self.legalBasis = legalBasis
        self.isRequired = isRequired
        self.lifetimeDays = lifetimeDays
        self.expiryNoticeDays = expiryNoticeDays
        // Kept sorted and unique, so encodings (and the policy hash) are deterministic.
        self.optOutCategories = Array(Set(optOutCategories)).sorted { $0.rawValue < $1.rawValue }
        self.channels = channels
        self.topics = topics
        self.translations = translations
        self.isRetired = isRetired
    }

    /// The text for `locale`, following the fallback chain; the default-locale text last.
    public func text(for chain: [String]) -> Text {
        for locale in chain { if let text = translations[locale] { return text } }
        return Text(name: name, description: description)
    }

    /// Whether a change from `earlier` is one of substance, so people must be asked again.
    /// Wording, legal basis, the required flag and what GPC means are substance; lifetime and channels are not.
    public func changedInSubstance(from earlier: Purpose) -> Bool {
        name != earlier.name || description != earlier.description || legalBasis != earlier.legalBasis
            || isRequired != earlier.isRequired || translations != earlier.translations
            || optOutCategories != earlier.optOutCategories || topics != earlier.topics || vendors != earlier.vendors
    }
}
