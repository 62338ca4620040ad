import Crypto
import Foundation

/// The tamper-evident hash chains over consent events.
///
/// Events are spread over `shardCount` chains per property, by subject key, so that writers on several
/// instances append to different heads instead of queueing on one. Every chain starts from a genesis hash
/// derived from its name, so links cannot be moved between chains unnoticed.
public enum AuditChain {
    /// Chains per property. Part of the stored format: changing it would split subjects' histories over two chains.
    public static let shardCount = 16

    /// The chain of a subject's events, `<property>/<shard>`, the shard being the key's first byte modulo `shardCount`.
    public static func chain(for property: PropertyID, subject: SubjectKey) -> String {
        "\(property.rawValue)/\(Int(subject.bytes[0]) % shardCount)"
    }

    /// The hex SHA-256 of `accord-chain-v1:<chain>`: the `previousHash` of the chain's first link.
    public static func genesisHash(of chain: String) -> String {
        SHA256.hash(data: Array("accord-chain-v1:\(chain)".utf8)).hexString
    }

    /// The link for `event` appended after `head`.
    public static func link(_ event: ConsentEvent, after head: ChainHead) -> ChainLink {
        let position = head.position + 1
        let hash = self.hash(of: event, chain: head.chain, position: position, previousHash: head.hash)
        return ChainLink(chain: head.chain, position: position, previousHash: head.hash, hash: hash)
    }

    /// Hex SHA-256 over `previousHash` (its UTF-8 text) followed by the event's `canonicalBytes` at that place.
    public static func hash(of event: ConsentEvent, chain: String, position: Int64, previousHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previousHash.utf8))
        hasher.update(data: canonicalBytes(of: event, chain: chain, position: position))
        return hasher.finalize().hexString
    }

    /// Every stored field of the event, in a fixed order, each as `<byte count>:<bytes>;`.
    ///
    /// Events that record how their caller authenticated are `accord-event-v2` with that text as the last
    /// field; earlier events keep the v1 form they were hashed in, so every existing chain still verifies.
    /// Events with a kind (Accord's own notices and links) are `accord-event-v3`: the authentication field (absent
    /// or not), the kind, then the linked subject's key in hex (absent but on `linked` events).
    /// Events recorded through a form are `accord-event-v4`: the v3 fields (kind and linked subject absent), then
    /// the form reference's text (`<form>/<version>/<content hash>`).
    /// Events with an origin (imports, unsubscribes) are `accord-event-v5`: the v4 fields (the form reference absent
    /// or not), then the origin's text (`EventOrigin.text`, a JSON object with sorted keys).
    ///
    /// Length prefixes make the encoding unambiguous without escaping, and the format is independent of
    /// any JSON library's choices, so the hash can be recomputed by any auditor from the documented fields.
    public static func canonicalBytes(of event: ConsentEvent, chain: String, position: Int64) -> [UInt8] {
        var fields = CanonicalFields()
        fields.append(
            event.origin != nil
                ? "accord-event-v5"
                : event.form != nil
                    ? "accord-event-v4"
                    : event.kind != nil ? "accord-event-v3" : event.authentication == nil ? "accord-event-v1" : "accord-event-v2")
        fields.append(chain)
        fields.append(number: position)
        fields.append(event.id.rawValue)
        fields.append(event.property.rawValue)
        fields.append(event.subject.hex)
        fields.append(ConsentEventEncoding.choicesText(event.choices))
        fields.append(ConsentEventEncoding.expiriesText(event.expiresAt))
        fields.append(event.regime.rawValue)
        fields.append(event.region)
        fields.append(event.locale)
        fields.append(number: event.policyVersion)
        fields.append(event.policyHash)
        fields.append(event.source.rawValue)
        fields.append(event.gpc ? "1" : "0")
        fields.append(event.tcString)
        fields.append(event.gppString)
        fields.append(event.ipPrefix)
        fields.append(event.userAgent)
        if let clientTime = event.clientTime { fields.append(number: clientTime.millisecondsSince1970) } else { fields.append(nil) }
        fields.append(number: event.recordedAt.millisecondsSince1970)
        fields.append(event.idempotencyKey)
        if event.form != nil || event.origin != nil {
            fields.append(event.authentication?.text)
            fields.append(event.kind?.rawValue)
            fields.append(event.linkedSubject?.hex)
            fields.append(event.form?.text)
            if let origin = event.origin { fields.append(origin.text) }
        } else if let kind = event.kind {
            fields.append(event.authentication?.text)
            fields.append(kind.rawValue)
            fields.append(event.linkedSubject?.hex)
        } else if let authentication = event.authentication {
            fields.append(authentication.text)
        }
        return fields.bytes
    }
}

/// The canonical byte form hashed into the chains: each field as `<byte count>:<bytes>;`, absent ones as `-;`.
///
/// Length prefixes make the encoding unambiguous without escaping, and the format is independent of any JSON
/// library's choices, so an auditor can recompute a hash from the documented fields alone.
struct CanonicalFields {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func append(_ value: String?) {
        guard let value else {
            bytes.append(contentsOf: "-;".utf8)
            return
        }
        appendDecimal(UInt64(value.utf8.count))
        bytes.append(0x3A)
        bytes.append(contentsOf: value.utf8)
        bytes.append(0x3B)
    }

    /// An integer field, byte for byte the same as `append(String(value))`, without building the string:
    /// hashing sits inside the write transaction, where every microsecond is paid by every writer.
    mutating func append<T: BinaryInteger>(number value: T) {
        let magnitude = UInt64(value.magnitude)
        var count = 0
        var rest = magnitude
        repeat {
            count += 1
            rest /= 10
        } while rest > 0
        appendDecimal(UInt64(count + (value < 0 ? 1 : 0)))
        bytes.append(0x3A)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDecimal(magnitude)
        bytes.append(0x3B)
    }

    private mutating func appendDecimal(_ value: UInt64) {
        let start = bytes.count
        var rest = value
        repeat {
            bytes.append(UInt8(48 + rest % 10))
            rest /= 10
        } while rest > 0
        bytes[start...].reverse()
    }

    func hash(after previousHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previousHash.utf8))
        hasher.update(data: bytes)
        return hasher.finalize().hexString
    }
}
