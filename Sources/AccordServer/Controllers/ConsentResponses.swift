import AccordCore
import Foundation

/// The JSON shapes the consent endpoints answer with; times are RFC 3339 UTC strings.
struct PurposeStatusBody: Encodable {
    var status: ConsentStatus
    var since: String?
    var expiresAt: String?
    var policyVersion: Int?
    var eventId: String?

    init(_ state: PurposeState?, at now: Date) {
        self.status = state?.status(at: now) ?? .unset
        self.since = state?.since.rfc3339
        self.expiresAt = state?.expiresAt?.rfc3339
        self.policyVersion = state?.policyVersion
        self.eventId = state?.eventID.rawValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(since, forKey: .since)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(policyVersion, forKey: .policyVersion)
        try container.encode(eventId, forKey: .eventId)
    }

    enum CodingKeys: String, CodingKey { case status, since, expiresAt, policyVersion, eventId }

    /// The same JSON as `encode(to:)`, keys sorted, written directly.
    func write(into json: inout JSONWriter) {
        json.beginObject()
        json.field("eventId", eventId)
        json.field("expiresAt", expiresAt)
        json.key("policyVersion")
        json.integer(policyVersion)
        json.field("since", since)
        json.field("status", status.rawValue)
        json.endObject()
    }

    static func write(_ purposes: [String: PurposeStatusBody], into json: inout JSONWriter) {
        json.beginObject()
        for key in purposes.keys.sorted() {
            json.key(key)
            purposes[key]!.write(into: &json)
        }
        json.endObject()
    }

    /// One entry per purpose and preference (`email.newsletter`) of the property, `unset` where the subject never chose.
    static func all(_ state: ConsentState?, property: Property, at now: Date) -> [String: PurposeStatusBody] {
        Dictionary(
            uniqueKeysWithValues: property.checkablePurposes.map { purpose in
                (purpose.key.rawValue, PurposeStatusBody(state?.purposes[purpose.key], at: now))
            })
    }
}

struct RecordedConsentBody: Encodable {
    struct EventSummary: Encodable {
        var id: String
        var recordedAt: String
        var hash: String
    }

    struct StateBody: Encodable {
        var purposes: [String: PurposeStatusBody]
    }

    var event: EventSummary
    var state: StateBody
    var receipt: String

    /// The same JSON as `encode(to:)`, keys sorted, written directly: this answers every consent write.
    var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 1024 + receipt.utf8.count)
        json.beginObject()
        json.key("event")
        json.beginObject()
        json.field("hash", event.hash)
        json.field("id", event.id)
        json.field("recordedAt", event.recordedAt)
        json.endObject()
        json.field("receipt", receipt)
        json.key("state")
        json.beginObject()
        json.key("purposes")
        PurposeStatusBody.write(state.purposes, into: &json)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    init(_ recorded: RecordedConsent, property: Property, at now: Date) {
        let event = recorded.stored.event
        self.event = EventSummary(id: event.id.rawValue, recordedAt: event.recordedAt.rfc3339, hash: recorded.stored.link.hash)
        // A replay answers as of the original event, so the same request gets the same answer.
        let asOf = recorded.replayed ? event.recordedAt : now
        self.state = StateBody(purposes: PurposeStatusBody.all(recorded.state, property: property, at: asOf))
        self.receipt = recorded.receipt
    }
}

struct SubjectConsentsBody: Encodable {
    var subject: String
    var purposes: [String: PurposeStatusBody]
}

struct EventBody: Encodable {
    var id: String
    var recordedAt: String
    var clientTimestamp: String?
    var choices: [String: ConsentChoice]
    var expiresAt: [String: String]
    var source: ConsentSource
    /// `expiring` or `expired` on the notices Accord records itself (source `expiry`); absent on choices.
    var kind: EventKind?
    /// On `linked` events, the linked visitor's pseudonym in hex.
    var linkedSubject: String?
    /// On events recorded through a form (source `form`): the form key, version and content hash.
    var form: FormReference?
    /// Where the choice came from beyond its source: an import's original source and version text, an
    /// unsubscribe's way (`oneClick`, `page`); absent on other events.
    var origin: EventOrigin?
    var regime: Regime
    var policyVersion: Int
    var policyHash: String
    var region: String?
    var locale: String?
    var gpc: Bool
    var tcString: String?
    var gppString: String?
    /// How the caller authenticated; absent on events recorded before Accord stored it.
    var authentication: AuthenticationBody?
    var chain: String
    var position: Int64
    var previousHash: String
    var hash: String

    init(_ stored: StoredEvent) {
        let event = stored.event
        self.id = event.id.rawValue
        self.recordedAt = event.recordedAt.rfc3339
        self.clientTimestamp = event.clientTime?.rfc3339
        self.choices = Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) })
        self.expiresAt = Dictionary(uniqueKeysWithValues: event.expiresAt.map { ($0.key.rawValue, $0.value.rfc3339) })
        self.source = event.source
        self.kind = event.kind
        self.linkedSubject = event.linkedSubject?.hex
        self.form = event.form
        self.origin = event.origin
        self.regime = event.regime
        self.policyVersion = event.policyVersion
        self.policyHash = event.policyHash
        self.region = event.region
        self.locale = event.locale
        self.gpc = event.gpc
        self.tcString = event.tcString
        self.gppString = event.gppString
        self.authentication = event.authentication.map(AuthenticationBody.init)
        self.chain = stored.link.chain
        self.position = stored.link.position
        self.previousHash = stored.link.previousHash
        self.hash = stored.link.hash
    }
}

/// `{"method": "keyless", "origin": ...}`, `{"method": "apiKey", "keyPrefix": ...}`, `{"method": "preferenceLink"}`
/// or `{"method": "identifyToken"}`.
struct AuthenticationBody: Encodable {
    var method: String
    var origin: String?
    var keyPrefix: String?

    init(_ authentication: ConsentAuthentication) {
        switch authentication {
        case .keyless(let origin): (method, self.origin) = ("keyless", origin)
        case .apiKey(let prefix): (method, keyPrefix) = ("apiKey", prefix)
        case .preferenceLink: method = "preferenceLink"
        case .identifyToken: method = "identifyToken"
        }
    }
}
