import Foundation

/// The claims of a consent receipt: what was recorded, when, under which policy, and where it sits in the
/// audit chain. In the spirit of the Kantara consent receipt and ISO/IEC TS 27560, as a JWT claims set.
public struct ConsentReceipt: Hashable, Sendable, Codable {
    /// Issuer: the Accord instance's public name.
    public var iss: String
    /// The event id.
    public var jti: String
    /// Issued at, seconds since the epoch (the event's recorded time).
    public var iat: Int64
    /// The subject's pseudonym (hex), never the clear identifier.
    public var sub: String
    /// The property id the choice was recorded for.
    public var property: String
    /// The choices the event recorded, by purpose key.
    public var choices: [String: ConsentChoice]
    /// The policy version the person was shown.
    public var policyVersion: Int
    /// The content hash of that version's texts (`PolicyVersion.contentHash`).
    public var policyHash: String
    /// When the event was recorded, as RFC 3339 with milliseconds; `iat` is the same time in whole seconds.
    public var recordedAt: String
    /// The event's audit-chain hash, tying the receipt to the tamper-evident log.
    public var eventHash: String
    /// On an event recorded through a form: the form key, version and content hash of what was signed.
    public var form: FormReference?

    /// The claims for a stored event, issued by `issuer` (the instance's public URL).
    public init(issuer: String, stored: StoredEvent) {
        let event = stored.event
        self.iss = issuer
        self.jti = event.id.rawValue
        self.iat = event.recordedAt.millisecondsSince1970 / 1000
        self.sub = event.subject.hex
        self.property = event.property.rawValue
        self.choices = Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) })
        self.policyVersion = event.policyVersion
        self.policyHash = event.policyHash
        self.recordedAt = event.recordedAt.rfc3339
        self.eventHash = stored.link.hash
        self.form = event.form
    }

    /// The claims as JSON with sorted keys: the signed payload.
    public var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("choices")
        json.beginObject()
        for key in choices.keys.sorted() { json.field(key, choices[key]!.rawValue) }
        json.endObject()
        json.field("eventHash", eventHash)
        if let form {
            json.key("form")
            json.beginObject()
            json.field("form", form.form)
            json.field("hash", form.hash)
            json.key("version")
            json.integer(form.version)
            json.endObject()
        }
        json.key("iat")
        json.integer(iat)
        json.field("iss", iss)
        json.field("jti", jti)
        json.field("policyHash", policyHash)
        json.key("policyVersion")
        json.integer(policyVersion)
        json.field("property", property)
        json.field("recordedAt", recordedAt)
        json.field("sub", sub)
        json.endObject()
        return json.bytes
    }
}
