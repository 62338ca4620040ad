/// Everything the banner needs for one visitor: what applies, what to ask, in which words.
public struct Experience: Hashable, Sendable, Codable {
    public struct PurposeEntry: Hashable, Sendable, Codable {
        public var key: String
        public var name: String
        public var description: String
        public var legalBasis: Purpose.LegalBasis
        public var required: Bool
        /// The choice assumed before the visitor chooses.
        public var `default`: ConsentChoice
        public var lifetimeDays: Int
        /// Whether a GPC signal opts the visitor out of this purpose here.
        public var gpcOptOut: Bool
        public var consentMode: [ConsentModeType]
        public var cookies: [String]
        /// Whether this purpose changed in substance in the current policy version.
        public var changed: Bool
    }

    public struct Cookie: Hashable, Sendable, Codable {
        public var name: String
        public var domain: String?
        public var lifetimeDays: Int
    }

    public var property: String
    public var region: String?
    public var regime: Regime
    public var regulation: String
    public var honoursGPC: Bool
    public var locale: String
    public var purposes: [PurposeEntry]
    public var texts: BannerTexts
    public var policyVersion: Int
    public var policyHash: String
    public var tcfApplies: Bool
    public var gppApplies: Bool
    public var cookie: Cookie
}
