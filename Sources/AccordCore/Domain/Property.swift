/// A site or app whose visitors' consent Accord records, with everything its banner needs.
public struct Property: Hashable, Sendable, Codable {
    /// The public id in API paths and the SDK tag; must be `isWellFormed`.
    public var id: PropertyID
    /// A display name for operators, also the heading of the hosted preference center.
    public var name: String
    /// Browser origins that may record consent without an API key.
    public var allowedOrigins: [OriginPattern]
    /// Every purpose ever defined; retired ones stay for history but are no longer shown or asked.
    public var purposes: [Purpose]
    /// The communication topics (newsletter, offers, ...) with their channels: each channel of a topic is a
    /// preference addressed as `channel.topic` wherever a purpose key can stand (`Property+Preferences.swift`).
    public var topics: [Topic]
    /// The locale texts fall back to, and the locales the banner is offered in (the default among them).
    public var defaultLocale: String
    /// The BCP 47 locales the banner is offered in; each needs every text (`firstMissingTranslation()`).
    public var locales: [String]
    /// The region assumed when neither the page nor a trusted header names one.
    public var defaultRegion: String?
    /// A header set by a trusted proxy with the visitor's region (e.g. `CF-IPCountry`).
    public var regionHeader: String?
    /// Cookie domain for sharing the choice across sub-domains (`example.com`); nil: the page's host only.
    public var cookieDomain: String?
    /// How many days the SDK's `accord_consent` cookie lives in the browser (its `Max-Age`).
    public var cookieLifetimeDays: Int
    /// How many days before a granted choice expires Accord records its `expiring` notice (for the webhook and the
    /// reminder e-mail); a purpose's own `expiryNoticeDays` overrides it. 0 notices only at the expiry itself.
    public var expiryNoticeDays: Int
    /// Whether a subject with a confirmed e-mail address is sent a confirmation of their choices after each change
    /// (off by default). Needs e-mail turned on (`mail.smtp.host`); subjects without a confirmed address get nothing.
    public var confirmChoicesByEmail: Bool
    /// The holidays (`YYYY-MM-DD`, ascending) that business-day deadlines of data-subject requests skip, besides
    /// weekends: the organisation's own calendar.
    public var requestHolidays: [String]
    /// The IANA time zone (`Europe/Berlin`, `America/Los_Angeles`) data-subject request deadlines are counted in: the
    /// controller's place of business. nil counts in UTC (`Property+Deadlines.swift`).
    public var requestTimeZone: String?
    /// The address the privacy team reads: due-soon reminders of requests without an assignee's address go there.
    public var privacyContact: String?
    /// Whether the property takes part in the IAB TCF: TC strings are accepted and made, and the SDK runs the TCF where opt-in.
    public var tcfEnabled: Bool
    /// Whether GPP strings are accepted and made: `usnat` and `uspv1` where the regime is opt-out, `tcfeuv2` where opt-in.
    public var gppEnabled: Bool
    /// The IAB TCF purposes (1 to 11) each of the property's purposes stands for: a consent TC string then
    /// grants the purpose when every TCF purpose mapped to it has consent, and denies it otherwise.
    public var tcfPurposeMapping: [PurposeKey: [Int]]
    /// The Global Vendor List vendors the property works with, disclosed in its banner and TC strings; empty
    /// for every vendor on the list. Ids the list does not hold (or marks deleted) are skipped, not refused,
    /// so a new list version never breaks the property.
    public var tcfVendors: [Int]
    /// Google Consent Mode v2 types each purpose controls.
    public var consentMode: [PurposeKey: [ConsentModeType]]
    /// Cookies deleted when a purpose is withdrawn.
    public var cookiesToDelete: [PurposeKey: [String]]
    /// Which regime and law apply to a visitor from which region; `RegionRules.shipped` unless configured.
    public var regionRules: RegionRules
    /// Banner text overrides per locale, field name to text, over the shipped translations.
    public var texts: [String: [String: String]]
    /// The policy version in force; new events refer to it unless they name another. 0 until first published.
    public var currentPolicyVersion: Int
    /// An archived property no longer serves its banner or takes consent; its history stays.
    public var isArchived: Bool
    /// Who asks for consent and how to reach them, shown by the banner and the preference center; nil: not said.
    public var controller: DataController?
    /// The privacy policy's address per locale (BCP 47 → https URL), linked from the banner and the preference
    /// center (`privacyPolicyURL(for:)` falls back like the texts). Publishing without one warns.
    public var privacyPolicyURLs: [String: String]

    /// Memberwise, with the defaults of a new property: English only, shipped region rules, neither TCF nor GPP.
    public init(
        id: PropertyID,
        name: String,
        allowedOrigins: [OriginPattern],
        purposes: [Purpose],
        defaultLocale: String = "en",
        locales: [String] = ["en"],
        defaultRegion: String? = nil,
        regionHeader: String? = nil,
        cookieDomain: String? = nil,
        cookieLifetimeDays: Int = 365,
        expiryNoticeDays: Int = Property.defaultExpiryNoticeDays,
        confirmChoicesByEmail: Bool = false,
        requestHolidays: [String] = [],
        requestTimeZone: String? = nil,
        privacyContact: String? = nil,
        tcfEnabled: Bool = false,
        gppEnabled: Bool = false,
        tcfPurposeMapping: [PurposeKey: [Int]] = [:],
        tcfVendors: [Int] = [],
        consentMode: [PurposeKey: [ConsentModeType]] = [:],
        cookiesToDelete: [PurposeKey: [String]] = [:],
        regionRules: RegionRules = .shipped,
        texts: [String: [String: String]] = [:],
        currentPolicyVersion: Int = 1,
        isArchived: Bool = false,
        topics: [Topic] = [],
        controller: DataController? = nil,
        privacyPolicyURLs: [String: String] = [:]
    ) {
        self.topics = topics
        self.controller = controller
        self.privacyPolicyURLs = privacyPolicyURLs
        self.id = id
        self.name = name
        self.allowedOrigins = allowedOrigins
        self.purposes = purposes
        self.defaultLocale = defaultLocale
        self.locales = locales
        self.defaultRegion = defaultRegion
        self.regionHeader = regionHeader
        self.cookieDomain = cookieDomain
        self.cookieLifetimeDays = cookieLifetimeDays
        self.expiryNoticeDays = expiryNoticeDays
        self.confirmChoicesByEmail = confirmChoicesByEmail
        self.requestHolidays = requestHolidays
        self.requestTimeZone = requestTimeZone
        self.privacyContact = privacyContact
        self.tcfEnabled = tcfEnabled
        self.gppEnabled = gppEnabled
        self.tcfPurposeMapping = tcfPurposeMapping
        self.tcfVendors = tcfVendors
        self.consentMode = consentMode
        self.cookiesToDelete = cookiesToDelete
        self.regionRules = regionRules
        self.texts = texts
        self.currentPolicyVersion = currentPolicyVersion
        self.isArchived = isArchived
    }

    /// Thirty days: time for a reminder to be read and answered before the choice lapses.
    public static let defaultExpiryNoticeDays = 30

    /// The notice window of `purpose`'s expiry: its own `expiryNoticeDays`, else the property's.
    public func expiryNoticeDays(for purpose: PurposeKey) -> Int {
        self.purpose(purpose)?.expiryNoticeDays ?? expiryNoticeDays
    }

    /// The purpose defined under `key`, retired or not; nil when the property never defined it.
    /// A preference key (`email.newsletter`) resolves to the purpose its topic synthesises (`preferencePurpose`).
    public func purpose(_ key: PurposeKey) -> Purpose? {
        if let preference = key.preference { return preferencePurpose(preference) }
        return purposes.first { $0.key == key }
    }

    /// The purposes still in use, in their configured order.
    public var activePurposes: [Purpose] { purposes.filter { !$0.isRetired } }

    /// Whether a browser with this `Origin` may call the public API.
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains { $0.matches(origin: origin) }
    }

    /// The rule for a visitor from `region`; with no region known, the rule for unknown visitors.
    public func rule(for region: String?) -> RegionRule {
        guard let region = region ?? defaultRegion else { return regionRules.unknown }
        return regionRules.rule(for: region)
    }

    /// The regime assumed for a subject whose region is not known, as the check API must.
    public var defaultRegime: Regime { rule(for: nil).regime }
}

/// The Google Consent Mode v2 consent types.
public enum ConsentModeType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Storage, such as cookies, used for advertising.
    case adStorage = "ad_storage"
    /// Storage used for analytics, such as visit duration.
    case analyticsStorage = "analytics_storage"
    /// Sending user data to Google for advertising purposes.
    case adUserData = "ad_user_data"
    /// Personalised advertising, such as remarketing.
    case adPersonalization = "ad_personalization"
    /// Storage that supports the site's functions, such as language settings.
    case functionalityStorage = "functionality_storage"
    /// Storage used for personalisation, such as video recommendations.
    case personalizationStorage = "personalization_storage"
    /// Storage used for security, such as authentication and fraud prevention.
    case securityStorage = "security_storage"
}
