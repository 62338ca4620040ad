import Foundation

/// A configuration audit entry as an export line, with its chain link.
struct AuditEntryLine: Codable {
    var id: EventID
    var property: PropertyID
    var actor: String
    var action: String
    var target: String?
    var before: String?
    var after: String?
    var recordedAt: Int64
    var chain: String
    var position: Int64
    var previousHash: String
    var hash: String

    init(_ stored: StoredAuditEntry) {
        let entry = stored.entry
        (id, property, actor, action, target) = (entry.id, entry.property, entry.actor, entry.action, entry.target)
        (before, after, recordedAt) = (entry.before, entry.after, entry.recordedAt.millisecondsSince1970)
        (chain, position, previousHash, hash) = (stored.link.chain, stored.link.position, stored.link.previousHash, stored.link.hash)
    }

    var stored: StoredAuditEntry {
        var entry = AuditEntry(
            property: property, actor: actor, action: action, target: target, before: before, after: after,
            at: Date(millisecondsSince1970: recordedAt))
        entry.id = id
        return StoredAuditEntry(entry: entry, sequence: 0, link: ChainLink(chain: chain, position: position, previousHash: previousHash, hash: hash))
    }
}

/// An API key as an export line: its hash, never the key, so keys keep working after a move.
struct APIKeyLine: Codable {
    var hash: String
    var prefix: String
    var name: String
    var scopes: [String]
    var createdAt: Int64
    /// Absent in exports made before keys could expire.
    var expiresAt: Int64?
    var createdBy: String?

    init(_ key: APIKey) {
        (hash, prefix, name) = (key.hash, key.prefix, key.name)
        scopes = key.scopes.sorted().map(\.rawValue)
        createdAt = key.createdAt.millisecondsSince1970
        expiresAt = key.expiresAt?.millisecondsSince1970
        createdBy = key.createdBy
    }

    var key: APIKey {
        get throws {
            let parsed = try scopes.map { scope in
                guard let known = APIKey.Scope(rawValue: scope) else { throw TransferError(line: nil, "apiKey: unknown scope '\(scope)'") }
                return known
            }
            return APIKey(
                prefix: prefix, name: name, scopes: Set(parsed), createdAt: Date(millisecondsSince1970: createdAt), hash: hash,
                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), createdBy: createdBy)
        }
    }
}
