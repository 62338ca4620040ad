/// One data-protection law's time limits for data-subject requests, as data (issue 13 §3). The rows are in
/// `LawTable`; every figure there cites its source. Nothing here reads a clock: `RequestDeadlines` does the arithmetic.
public struct Law: Sendable, Hashable {
    /// A law's stable identifier, stored with each request (`"ccpa"`, `"gdpr"`, `"us-va"`).
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The identifier.
    public let id: ID
    /// Its usual name: `"CCPA/CPRA"`, `"Virginia CDPA"`.
    public let name: String
    /// The provision that sets the response time (for people, e.g. in an acknowledgement e-mail).
    public let citation: String
    /// The countries or subdivisions it applies to. A subdivision listed by another law wins over its country
    /// (`CA-QC` is Québec Law 25, the rest of `CA` PIPEDA).
    public let jurisdictions: Set<Jurisdiction>
    /// The request types it gives people a right to make.
    public let covers: Set<RequestType>
    /// The acknowledgement it requires, if any.
    public let acknowledgement: Acknowledgement?
    /// The response time for every covered type, unless `responseByType` says otherwise.
    public let response: DeadlinePeriod
    /// Shorter or longer response times for some types (CCPA opt-out: 15 business days).
    public let responseByType: [RequestType: DeadlinePeriod]
    /// The extension it allows, if any.
    public let extensionRule: ExtensionRule?
    /// What a requester can do about a refusal.
    public let appeal: AppealRule
    /// Whether a deadline on a Saturday, Sunday or holiday moves to the next working day
    /// (GDPR and UK GDPR, by Regulation 1182/71 Art. 3(4) and the ICO's guidance).
    public let movesOffNonWorkingDays: Bool
    /// Whether the clock stops while the controller waits for the requester (UK "stop the clock").
    public let stopsTheClock: Bool
    /// The first day the law applies to a request received in its jurisdiction (the statute's effective date, cited in
    /// the row). A request received earlier, on the property's calendar, runs under no law (`LawTable.law(for:on:)`).
    public let inForce: LocalDate
    /// Rights added after `inForce`, from the day they apply (Utah's right to correct: 1 July 2026). A type listed here
    /// is covered only for requests received on or after its date.
    public let coversFrom: [RequestType: LocalDate]
    /// Jurisdictions (ISO codes in `jurisdictions`) where the law began to apply after `inForce`: the GDPR in Iceland,
    /// Liechtenstein and Norway, through the EEA Agreement, from 20 July 2018.
    public let inForceLaterIn: [String: LocalDate]

    /// The acknowledgement a law requires: within `period`, for `types`.
    public struct Acknowledgement: Sendable, Hashable {
        /// The time allowed.
        public let period: DeadlinePeriod
        /// The request types that need one.
        public let types: Set<RequestType>
    }

    /// The response time for one type; nil when the law does not cover it. For `appeal`, the appeal's own.
    public func responsePeriod(for type: RequestType) -> DeadlinePeriod? {
        guard covers.contains(type) else { return nil }
        if type == .appeal {
            guard case .controller(let appeal) = appeal else { return nil }
            return appeal.response
        }
        return responseByType[type] ?? response
    }

    /// The extension that applies to one type; nil when none does.
    public func extensionRule(for type: RequestType) -> ExtensionRule? {
        guard covers.contains(type) else { return nil }
        if type == .appeal {
            guard case .controller(let appeal) = appeal else { return nil }
            return appeal.extensionRule
        }
        guard let rule = extensionRule, !rule.excludedTypes.contains(type) else { return nil }
        return rule
    }
}

/// How a law lets a response time be extended (issue 13 §3).
public struct ExtensionRule: Sendable, Hashable {
    /// How many extensions it allows (1 for every law in the table).
    public let count: Int
    /// How much longer each makes the time to respond, counted on from receipt like the response time.
    public let length: DeadlinePeriod
    /// Whether the requester must be told before the original deadline (passes: an extension after it is refused).
    public let noticeBeforeOriginalDeadline: Bool
    /// Whether the notice must give the reason.
    public let reasonRequired: Bool
    /// Types it does not apply to (CCPA opt-out and limit requests).
    public let excludedTypes: Set<RequestType>

    public init(
        count: Int = 1, length: DeadlinePeriod, noticeBeforeOriginalDeadline: Bool = true, reasonRequired: Bool = true,
        excludedTypes: Set<RequestType> = []
    ) {
        self.count = count
        self.length = length
        self.noticeBeforeOriginalDeadline = noticeBeforeOriginalDeadline
        self.reasonRequired = reasonRequired
        self.excludedTypes = excludedTypes
    }
}

/// What a requester can do about a refusal under a law.
public enum AppealRule: Sendable, Hashable {
    /// Nothing the law itself sets (CCPA: no appeal to the business).
    case none
    /// A complaint to a public authority (GDPR Art. 77, the ICO, the ANPD, the OPC, the CAI).
    case authority(AuthorityComplaint)
    /// An appeal to the controller, answered on its own clock (the US state laws), then the state's attorney general.
    case controller(ControllerAppeal)

    /// The authority named in a denial's instructions, if any.
    public var authority: String? {
        switch self {
        case .none: nil
        case .authority(let complaint): complaint.authority
        case .controller(let appeal): appeal.thenAuthority
        }
    }
}

/// A complaint to a regulator.
public struct AuthorityComplaint: Sendable, Hashable {
    /// The authority: `"the supervisory authority"`, `"the Information Commissioner's Office (ICO)"`.
    public let authority: String
    /// The time the law gives to file, when it sets one (Québec: 30 days, to the CAI); nil: none fixed.
    public let filingWindow: DeadlinePeriod?
}

/// An appeal to the controller under a US state law.
public struct ControllerAppeal: Sendable, Hashable {
    /// The time the requester has to appeal after the decision: the statutes say "a reasonable period of time",
    /// so nil here and the caller's own figure applies (see `RequestDeadlines.appealWindowEnd`).
    public let window: DeadlinePeriod?
    /// The time the controller has to decide an appeal, from its receipt.
    public let response: DeadlinePeriod
    /// An extension of that time, where the law allows one (Colorado, Minnesota: +60 days).
    public let extensionRule: ExtensionRule?
    /// Who the requester can contact after a denied appeal.
    public let thenAuthority: String
}
