import Foundation

/// One recorded choice: the append-only unit of truth. Never updated, never deleted.
public struct ConsentEvent: Hashable, Sendable, Codable {
    /// Time-ordered UUIDv7 id given when the event is built; receipts carry it as their `jti`.
    public var id: EventID
    /// The property the choice was made on; subject keys only compare within one property.
    public var property: PropertyID
    /// The keyed hash of the subject's identifier; the clear identifier is never stored here.
    public var subject: SubjectKey
    /// The choice per purpose the request named (or a TC string's purpose mapping derived); other purposes keep their state.
    public var choices: [PurposeKey: ConsentChoice]
    /// When each choice stops counting; computed from the purpose lifetimes when recorded.
    public var expiresAt: [PurposeKey: Date]
    /// The regime of the region rule in force when recorded, kept so later rule changes do not rewrite history.
    public var regime: Regime
    /// The ISO 3166 region the request named (`DE`, `US-CA`), as given; nil when it named none.
    public var region: String?
    /// The BCP 47 tag of the language the request says the banner was shown in; nil when it named none.
    public var locale: String?
    /// The number of the `PolicyVersion` the person was shown; `policyHash` pins its exact texts.
    public var policyVersion: Int
    /// Content hash of the policy version's texts, as shown to the person.
    public var policyHash: String
    /// The channel the choice came through; keyless callers may only claim `KeylessPolicy.allowedSources`.
    public var source: ConsentSource
    /// Whether the request reported a Global Privacy Control signal from the browser.
    public var gpc: Bool
    /// The IAB TCF v2.2 TC string sent with the choice, stored as sent once decoded and validated.
    public var tcString: String?
    /// The IAB GPP string sent with the choice, stored as sent once decoded and validated.
    public var gppString: String?
    /// The client address reduced to its network (/24 or /48).
    public var ipPrefix: String?
    /// Browser family and major version only.
    public var userAgent: String?
    /// When the client says the choice was made (its `clientTimestamp`, to the millisecond); the client's clock, not ours.
    public var clientTime: Date?
    /// When Accord recorded the event, truncated to milliseconds; the expiries count from it.
    public var recordedAt: Date
    /// The caller's idempotency key (`Idempotency-Key` header or body field): a retry with it answers with this event.
    public var idempotencyKey: String?
    /// How the caller proved its right to record; nil only on events recorded before Accord stored it.
    public var authentication: ConsentAuthentication?
    /// Nil for a person's choice; what Accord noticed for a notice it records itself (an expiry, say).
    public var kind: EventKind?
    /// On a `linked` event, the pseudonymous key of the browser's visitor id linked to `subject`.
    public var linkedSubject: SubjectKey?
    /// On an event recorded through a form (source `form`), the form version shown: key, number and content hash.
    public var form: FormReference?
    /// Where the choice came from beyond `source`: an import's original source and version text, an unsubscribe's way.
    public var origin: EventOrigin?

    /// Memberwise. Requests become events through `ConsentEventBuilder`; this is for stores, imports and tests.
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
        authentication: ConsentAuthentication? = nil,
        kind: EventKind? = nil,
        linkedSubject: SubjectKey? = nil,
        form: FormReference? = nil,
        origin: EventOrigin? = nil
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
        self.kind = kind
        self.linkedSubject = linkedSubject
        self.form = form
        self.origin = origin.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether two events record the same request: how a reused idempotency key is told apart from a replay.
    public func isSameRequest(as other: ConsentEvent) -> Bool {
        property == other.property && subject == other.subject && choices == other.choices
            && source == other.source && policyVersion == other.policyVersion && region == other.region
            && locale == other.locale && gpc == other.gpc && tcString == other.tcString
            && gppString == other.gppString && authentication == other.authentication
            && kind == other.kind && linkedSubject == other.linkedSubject && form == other.form
            && origin == other.origin
    }
}

/// An event as stored: with its position in its audit chain.
public struct StoredEvent: Hashable, Sendable {
    /// The event exactly as hashed into `link`.
    public var event: ConsentEvent
    /// A store-wide, increasing sequence number: the order events were committed in.
    public var sequence: Int64
    /// Its place in the audit chain of its subject's shard (`AuditChain.chain(for:subject:)`).
    public var link: ChainLink

    /// Pairs an event with the sequence number and chain link its store gave it on commit.
    public init(event: ConsentEvent, sequence: Int64, link: ChainLink) {
        self.event = event
        self.sequence = sequence
        self.link = link
    }
}
