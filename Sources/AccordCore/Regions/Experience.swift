/// Everything the banner needs for one visitor: what applies, what to ask, in which words.
public struct Experience: Hashable, Sendable, Codable {
    /// One active purpose as the banner shows it to this visitor, in the served locale.
    public struct PurposeEntry: Hashable, Sendable, Codable {
        /// The purpose key, which the SDK sends back with the choice.
        public var key: String
        /// Its name in the served locale, following the fallback chain to the default-locale name.
        public var name: String
        /// Its description, chosen like `name`.
        public var description: String
        /// The lawful basis relied on (GDPR Art. 6(1)).
        public var legalBasis: Purpose.LegalBasis
        /// Whether it is always on: the banner shows `alwaysOn` instead of a switch, and it cannot be denied.
        public var required: Bool
        /// The choice assumed before the visitor chooses.
        public var `default`: ConsentChoice
        /// Days a choice lasts here: the region rule's override, else the purpose's own; the SDK asks again after.
        public var lifetimeDays: Int
        /// Whether a GPC signal opts the visitor out of this purpose here.
        public var gpcOptOut: Bool
        /// The Google Consent Mode v2 types the SDK sets to `granted` while the purpose is granted.
        public var consentMode: [ConsentModeType]
        /// Cookies the SDK deletes when the visitor withdraws the purpose.
        public var cookies: [String]
        /// Whether this purpose changed in substance in the current policy version.
        public var changed: Bool
        /// The third parties that receive data for it, as published; nil when it names none.
        public var vendors: [String]? = nil
    }

    /// Where and for how long the SDK keeps the visitor's choice in the browser.
    public struct Cookie: Hashable, Sendable, Codable {
        /// The cookie's name, `ExperienceResolver.cookieName`.
        public var name: String
        /// Its `Domain` attribute, to share the choice across sub-domains; nil keeps it to the page's host.
        public var domain: String?
        /// Its lifetime in days (`Max-Age`): the property's `cookieLifetimeDays`.
        public var lifetimeDays: Int
    }

    /// The id of the property the experience is for, as the SDK tag's `data-property` names it.
    public var property: String
    /// The region the rule was chosen for: the one given, else the property's default; nil when neither is known.
    public var region: String?
    /// The regime of the rule that applies to the visitor.
    public var regime: Regime
    /// The name of that rule's law (`GDPR`, `CCPA/CPRA`), for the banner to show.
    public var regulation: String
    /// Whether a GPC signal is an opt-out here; it then opts out of the purposes marked `gpcOptOut`.
    public var honoursGPC: Bool
    /// The locale actually served: the first of the fallback chain that the policy version has texts for.
    public var locale: String
    /// The policy version's active purposes, in their configured order.
    public var purposes: [PurposeEntry]
    /// The banner texts in the served locale, as published in the policy version.
    public var texts: BannerTexts
    /// The policy version the texts come from; the SDK records choices against it, and asks again on a change.
    public var policyVersion: Int
    /// That version's content hash (`PolicyVersion.contentHash`).
    public var policyHash: String
    /// Whether the SDK runs the IAB TCF here: the property enables it and the regime is opt-in.
    public var tcfApplies: Bool
    /// Whether the SDK offers GPP here: the property enables it and the regime is opt-out.
    public var gppApplies: Bool
    /// Where the SDK keeps the choice.
    public var cookie: Cookie
    /// Who asks, how to reach them and where the privacy policy is, in the served locale.
    public var notice: Notice? = nil
}
