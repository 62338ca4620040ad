import Foundation

/// A change to a property's configuration: who did what, with the configuration before and after.
/// Entries are chained like consent events (one chain per property), so configuration history is provable.
public struct AuditEntry: Hashable, Sendable {
    /// A UUIDv7 made from the time of the change, so entries sort by time.
    public var id: EventID
    /// The property whose configuration changed; its entries form the chain `config/<property>`.
    public var property: PropertyID
    /// Who made the change: `key:<name> (<prefix>)`, `config apply`, or `accord` for the first start.
    public var actor: String
    /// What was done: `property.create`, `purpose.update`, `policy.publish`, ...
    public var action: String
    /// What the action is about within the property: a purpose key, a locale, a policy version.
    public var target: String?
    /// Canonical JSON of the changed part before and after; nil when it did not exist.
    public var before: String?
    /// The canonical JSON after the change; nil when the action removed it.
    public var after: String?
    /// When the change was made, truncated to milliseconds.
    public var recordedAt: Date

    /// Records a change at `time` under a new id; `before` and `after` as `canonicalJSON(_:)` writes them.
    public init(
        property: PropertyID, actor: String, action: String, target: String? = nil, before: String?, after: String?,
        at time: Date
    ) {
        self.id = .make(at: time)
        self.property = property
        self.actor = actor
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.recordedAt = time.truncatedToMilliseconds
    }

    /// The chain holding a property's configuration history.
    public static func chain(of property: PropertyID) -> String { "config/\(property.rawValue)" }

    /// Canonical JSON (sorted keys) of a configuration value, as kept in `before` and `after`.
    public static func canonicalJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain value types always encode; an empty text would still be hashed and so stay provable.
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

/// An audit entry as stored, with its place in the chain.
public struct StoredAuditEntry: Hashable, Sendable, ChainedRecord {
    /// The entry exactly as hashed into `link`.
    public var entry: AuditEntry
    /// A store-assigned, increasing sequence number: the order entries were committed in.
    public var sequence: Int64
    /// Its place in the property's configuration chain.
    public var link: ChainLink

    /// Pairs an entry with the sequence number and chain link its store gave it on commit.
    public init(entry: AuditEntry, sequence: Int64, link: ChainLink) {
        self.entry = entry
        self.sequence = sequence
        self.link = link
    }

    /// `audit entry`, as verifier failures name the kind.
    public var recordKind: String { "audit entry" }
    /// The entry's UUIDv7 id, as verifier failures name it.
    public var recordID: String { entry.id.rawValue }

    /// The hash of the entry's stored fields at its place in the chain, as `AuditChain.hash(of:chain:position:previousHash:)` gives.
    public func recomputedHash() -> String {
        AuditChain.hash(of: entry, chain: link.chain, position: link.position, previousHash: link.previousHash)
    }
}

extension AuditChain {
    /// The link for a configuration entry appended after `head`.
    public static func link(_ entry: AuditEntry, after head: ChainHead) -> ChainLink {
        let position = head.position + 1
        return ChainLink(
            chain: head.chain, position: position, previousHash: head.hash,
            hash: hash(of: entry, chain: head.chain, position: position, previousHash: head.hash))
    }

    /// Hex SHA-256 over `previousHash` and the entry's fields in `accord-audit-v1` form, length-prefixed like events.
    public static func hash(of entry: AuditEntry, chain: String, position: Int64, previousHash: String) -> String {
        var fields = CanonicalFields()
        fields.append("accord-audit-v1")
        fields.append(chain)
        fields.append(number: position)
        fields.append(entry.id.rawValue)
        fields.append(entry.property.rawValue)
        fields.append(entry.actor)
        fields.append(entry.action)
        fields.append(entry.target)
        fields.append(entry.before)
        fields.append(entry.after)
        fields.append(number: entry.recordedAt.millisecondsSince1970)
        return fields.hash(after: previousHash)
    }
}
