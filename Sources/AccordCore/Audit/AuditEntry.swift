import Foundation

/// A change to a property's configuration: who did what, with the configuration before and after.
/// Entries are chained like consent events (one chain per property), so configuration history is provable.
public struct AuditEntry: Hashable, Sendable {
    public var id: EventID
    public var property: PropertyID
    /// Who made the change: `key:<name> (<prefix>)`, `config apply`, or `accord` for the first start.
    public var actor: String
    /// What was done: `property.create`, `purpose.update`, `policy.publish`, ...
    public var action: String
    /// What the action is about within the property: a purpose key, a locale, a policy version.
    public var target: String?
    /// Canonical JSON of the changed part before and after; nil when it did not exist.
    public var before: String?
    public var after: String?
    public var recordedAt: Date

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
    public var entry: AuditEntry
    public var sequence: Int64
    public var link: ChainLink

    public init(entry: AuditEntry, sequence: Int64, link: ChainLink) {
        self.entry = entry
        self.sequence = sequence
        self.link = link
    }

    public var recordKind: String { "audit entry" }
    public var recordID: String { entry.id.rawValue }

    public func recomputedHash() -> String {
        AuditChain.hash(of: entry, chain: link.chain, position: link.position, previousHash: link.previousHash)
    }
}

extension AuditChain {
    public static func link(_ entry: AuditEntry, after head: ChainHead) -> ChainLink {
        let position = head.position + 1
        return ChainLink(
            chain: head.chain, position: position, previousHash: head.hash,
            hash: hash(of: entry, chain: head.chain, position: position, previousHash: head.hash))
    }

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
