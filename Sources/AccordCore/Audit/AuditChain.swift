import Crypto
import Foundation

/// The tamper-evident hash chains over consent events.
///
/// Events are spread over `shardCount` chains per property, by subject key, so that writers on several
/// instances append to different heads instead of queueing on one. Every chain starts from a genesis hash
/// derived from its name, so links cannot be moved between chains unnoticed.
public enum AuditChain {
    public static let shardCount = 16

    public static func chain(for property: PropertyID, subject: SubjectKey) -> String {
        "\(property.rawValue)/\(Int(subject.bytes[0]) % shardCount)"
    }

    public static func genesisHash(of chain: String) -> String {
        SHA256.hash(data: Array("accord-chain-v1:\(chain)".utf8)).hexString
    }

    /// The link for `event` appended after `head`.
    public static func link(_ event: ConsentEvent, after head: ChainHead) -> ChainLink {
        let position = head.position + 1
        let hash = self.hash(of: event, chain: head.chain, position: position, previousHash: head.hash)
        return ChainLink(chain: head.chain, position: position, previousHash: head.hash, hash: hash)
    }

    public static func hash(of event: ConsentEvent, chain: String, position: Int64, previousHash: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previousHash.utf8))
        hasher.update(data: canonicalBytes(of: event, chain: chain, position: position))
        return hasher.finalize().hexString
    }

    /// Every stored field of the event, in a fixed order, each as `<byte count>:<bytes>;`.
    ///
    /// Length prefixes make the encoding unambiguous without escaping, and the format is independent of
    /// any JSON library's choices, so the hash can be recomputed by any auditor from the documented fields.
    public static func canonicalBytes(of event: ConsentEvent, chain: String, position: Int64) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(512)
        func field(_ value: String?) {
            guard let value else {
                out.append(contentsOf: "-;".utf8)
                return
            }
            out.append(contentsOf: String(value.utf8.count).utf8)
            out.append(0x3A)
            out.append(contentsOf: value.utf8)
            out.append(0x3B)
        }
        field("accord-event-v1")
        field(chain)
        field(String(position))
        field(event.id.rawValue)
        field(event.property.rawValue)
        field(event.subject.hex)
        field(ConsentEventEncoding.choicesText(event.choices))
        field(ConsentEventEncoding.expiriesText(event.expiresAt))
        field(event.regime.rawValue)
        field(event.region)
        field(event.locale)
        field(String(event.policyVersion))
        field(event.policyHash)
        field(event.source.rawValue)
        field(event.gpc ? "1" : "0")
        field(event.tcString)
        field(event.gppString)
        field(event.ipPrefix)
        field(event.userAgent)
        field(event.clientTime.map { String($0.millisecondsSince1970) })
        field(String(event.recordedAt.millisecondsSince1970))
        field(event.idempotencyKey)
        return out
    }
}
