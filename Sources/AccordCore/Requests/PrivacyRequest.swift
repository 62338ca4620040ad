import Foundation

/// A data-subject request as stored: the case, its clock and its verification. It names the requester only by
/// pseudonym (`requester`, the keyed hash of the e-mail address); the address, the details and the agent are sealed
/// under the requester's data key in the subject vault (`sealed`), so crypto-shredding the requester makes them
/// unreadable while the record (type, dates, outcome) stays for the 24 months the law asks.
public struct PrivacyRequest: Hashable, Sendable, Codable {
    /// `req_` and 32 lower-case hex digits.
    public var id: String
    public var property: PropertyID
    public var type: RequestType
    /// For access: categories or specific pieces.
    public var scope: AccessScope?
    public var status: RequestStatus
    public var channel: RequestChannel
    /// ISO 3166 region the requester gave (`US-CA`, `DE`).
    public var jurisdiction: String
    /// The law whose deadlines apply, from the jurisdiction; nil where none does (or it gives no right of this type).
    public var law: String?
    /// The facts the deadlines are computed from (`RequestDeadlines`): law, type, receipt, pauses, extensions; nil
    /// without a law. `acknowledgeBy`, `dueAt` and `extendedDueAt` are derived from it on every save.
    public var clock: RequestClock?
    /// The keyed hash of the requester's e-mail address, as a subject key of the property.
    public var requester: SubjectKey
    /// `RequestDetails` as JSON, sealed under the requester's vault data key; nil once unreadable.
    public var sealed: [UInt8]?
    /// Whether an authorised agent made the request.
    public var hasAgent: Bool
    /// When the organisation received it: the legal clock starts here.
    public var receivedAt: Date
    /// When it was entered.
    public var createdAt: Date
    public var acknowledgeBy: Date?
    public var dueAt: Date?
    public var extendedDueAt: Date?
    /// The extension's reason, once extended.
    public var extensionReason: String?
    public var assignee: String?
    /// The open e-mail code, while verifying.
    public var challenge: VerificationChallenge?
    /// How the requester was verified, once they are.
    public var verification: RequestVerification?
    /// Second data points tried (`VerificationDataPoint`); nil before the first.
    public var dataPointTries: Int?
    /// The last second data point given, sealed under the requester's vault data key, for the operator to compare when
    /// nothing held matched it.
    public var sealedDataPoint: [UInt8]?
    /// The open request of the same requester and type this one duplicates.
    public var duplicateOf: String?
    /// The closing decision's time, once closed.
    public var closedAt: Date?
    public var denialReason: String?
    public var exemption: RequestExemption?
    public var notes: [RequestNote]
    /// Reminders already sent (`verify`, `due7`, `due2`), so each goes once.
    public var remindersSent: [String]
    /// Increases with every change: saves compare and swap on it.
    public var version: Int
    public var updatedAt: Date

    /// A new request as received.
    public init(
        id: String, property: PropertyID, type: RequestType, scope: AccessScope?, channel: RequestChannel, jurisdiction: String,
        law: String?, requester: SubjectKey, sealed: [UInt8]?, hasAgent: Bool, receivedAt: Date, createdAt: Date
    ) {
        self.id = id
        self.property = property
        self.type = type
        self.scope = scope
        self.status = .verifying
        self.channel = channel
        self.jurisdiction = jurisdiction
        self.law = law
        self.requester = requester
        self.sealed = sealed
        self.hasAgent = hasAgent
        self.receivedAt = receivedAt.truncatedToMilliseconds
        self.createdAt = createdAt.truncatedToMilliseconds
        self.notes = []
        self.remindersSent = []
        self.version = 1
        self.updatedAt = self.createdAt
    }

    /// A fresh id.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "req_" + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    /// Whether `text` is shaped like a request id.
    public static func isWellFormedID(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst(4)
        return text.hasPrefix("req_") && digits.count == 32
            && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The due date that counts now: the extended one once extended.
    public var effectiveDueAt: Date? { extendedDueAt ?? dueAt }

    /// The strength of verification the request needs.
    public var requiredStrength: VerificationStrength {
        VerificationStrength.required(for: type, scope: scope, agent: hasAgent)
    }
}

/// How a requester was verified.
public struct RequestVerification: Hashable, Sendable, Codable {
    /// `emailCode`, `operator` or `notRequired`; `emailCode+phone` (and so on) when a second data point matched.
    public var method: String
    /// The strength reached.
    public var strength: VerificationStrength
    /// Who recorded it (operator verifications), e.g. `key:crm (acc_Xy12ab)`.
    public var by: String?
    /// How the operator verified (by phone, in person, ...).
    public var reason: String?
    /// For an agent's request: the operator saw a power of attorney.
    public var powerOfAttorney: Bool
    public var at: Date

    public init(method: String, strength: VerificationStrength, by: String?, reason: String?, powerOfAttorney: Bool, at: Date) {
        self.method = method
        self.strength = strength
        self.by = by
        self.reason = reason
        self.powerOfAttorney = powerOfAttorney
        self.at = at.truncatedToMilliseconds
    }
}

/// An internal note on a request.
public struct RequestNote: Hashable, Sendable, Codable {
    public var id: String
    public var author: String
    public var text: String
    public var at: Date

    public init(id: String, author: String, text: String, at: Date) {
        self.id = id
        self.author = author
        self.text = text
        self.at = at.truncatedToMilliseconds
    }
}

/// What the requester gave, sealed in the request: the address, the details, a correction, an agent.
public struct RequestDetails: Hashable, Sendable, Codable {
    public struct Correction: Hashable, Sendable, Codable {
        public var field: String
        public var value: String
        public init(field: String, value: String) {
            self.field = field
            self.value = value
        }
    }

    public struct Agent: Hashable, Sendable, Codable {
        public var name: String
        public var email: String
        /// How the agent is authorised (a signed permission, a power of attorney, ...).
        public var authorization: String
        public init(name: String, email: String, authorization: String) {
            self.name = name
            self.email = email
            self.authorization = authorization
        }
    }

    public var email: String
    public var details: String?
    public var correction: Correction?
    public var agent: Agent?

    public init(email: String, details: String?, correction: Correction?, agent: Agent?) {
        self.email = email
        self.details = details
        self.correction = correction
        self.agent = agent
    }

    /// As sealed.
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    /// Read back from `json()`.
    public init(json: [UInt8]) throws {
        self = try JSONDecoder().decode(RequestDetails.self, from: Data(json))
    }
}
