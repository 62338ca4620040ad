import Foundation

/// One recorded choice: the append-only unit of truth. Never updated, never deleted.
public struct ConsentEvent: Hashable, Sendable, Codable {
    public var id: EventID
    public var property: PropertyID
    /// The keyed hash of the subject's identifier; the clear identifier is never stored here.
    public var subject: SubjectKey
    public var choices: [PurposeKey: ConsentChoice]
    /// When each choice stops counting; computed from the purpose lifetimes when recorded.
    public var expiresAt: [PurposeKey: Date]
    public var regime: Regime
    public var region: String?
    public var locale: String?
    public var policyVersion: Int
    /// Content hash of the policy version's texts, as shown to the person.
    public var policyHash: String
    public var source: ConsentSource
    public var gpc: Bool
    public var tcString: String?
    public var gppString: String?
    /// The client address reduced to its network (/24 or /48).
    public var ipPrefix: String?
    /// Browser family and major version only.
    public var userAgent: String?
    public var clientTime: Date?
    public var recordedAt: Date
    public var idempotencyKey: String?
    /// How the caller proved its right to record; nil only on events recorded before Accord stored it.
    public var authentication: ConsentAuthentication?

    public init(
        id: EventID,
        property: PropertyID,
        subject: SubjectKey,
        choices: [PurposeKey: ConsentChoice],
        expiresAt: [PurposeKey: Date],
        regime: Regime,
        region: String? = nil,
        locale: String? = nil,
        policyVersion: Int,
        policyHash: String,
        source: ConsentSource,
        gpc: Bool = false,
        tcString: String? = nil,
        gppString: String? = nil,
        ipPrefix: String? = nil,
        userAgent: String? = nil,
        clientTime: Date? = nil,
        recordedAt: Date,
        idempotencyKey: String? = nil,
        authentication: ConsentAuthentication? = nil
    ) {
        self.id = id
        self.property = property
        self.subject = subject
        self.choices = choices
        self.expiresAt = expiresAt
        self.regime = regime
        self.region = region
        self.locale = locale
        self.policyVersion = policyVersion
        self.policyHash = policyHash
        self.source = source
        self.gpc = gpc
        self.tcString = tcString
        self.gppString = gppString
        self.ipPrefix = ipPrefix
        self.userAgent = userAgent
        self.clientTime = clientTime
        self.recordedAt = recordedAt
        self.idempotencyKey = idempotencyKey
        self.authentication = authentication
    }

    /// Whether two events record the same request: how a reused idempotency key is told apart from a replay.
    public func isSameRequest(as other: ConsentEvent) -> Bool {
        property == other.property && subject == other.subject && choices == other.choices
            && source == other.source && policyVersion == other.policyVersion && region == other.region
            && locale == other.locale && gpc == other.gpc && tcString == other.tcString
            && gppString == other.gppString && authentication == other.authentication
    }
}

/// An event as stored: with its position in its audit chain.
public struct StoredEvent: Hashable, Sendable {
    public var event: ConsentEvent
    /// A store-wide, increasing sequence number: the order events were committed in.
    public var sequence: Int64
    public var link: ChainLink

    public init(event: ConsentEvent, sequence: Int64, link: ChainLink) {
        self.event = event
        self.sequence = sequence
        self.link = link
    }
}
