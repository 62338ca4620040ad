import AccordCore
import Foundation
import GRDB

// ConfigurationStore: configuration and its audit trail.
extension SQLiteConsentStore {
    public func saveProperty(_ property: Property, audit: AuditEntry, replacing expected: Property?) async throws {
        let config = try StoredJSON.text(property)
        try await guarded {
            try await pool.write { db in
                try Self.requireStored(expected, id: property.id, db: db)
                try Self.upsert(property, config: config, db: db)
                try Self.append(audit, db: db)
            }
        }
    }

    public func publish(_ version: PolicyVersion, property: Property, audit: AuditEntry, replacing expected: Property)
        async throws
    {
        let snapshot = try StoredJSON.text(version)
        let config = try StoredJSON.text(property)
        try await guarded {
            try await pool.write { db in
                try Self.requireStored(expected, id: property.id, db: db)
                try Self.upsert(property, config: config, db: db)
                try Self.insert(version, snapshot: snapshot, db: db)
                try Self.append(audit, db: db)
                if let entry = PolicyMessages.entry(of: version, endpoints: try SQLiteWebhooks.queueing([version.property], db: db)) {
                    try SQLiteOutbox.insert([entry], db: db)
                }
            }
        }
    }

    public func policyVersions(of property: PropertyID, before version: Int?, limit: Int) async throws -> [PolicyVersion] {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT snapshot FROM policy_versions WHERE property_id = ? AND version < ?
                        ORDER BY version DESC LIMIT ?
                        """,
                    arguments: [property.rawValue, version ?? Int.max, limit])
            }.map { try StoredJSON.decode(PolicyVersion.self, from: $0, what: "policy version") }
        }
    }

    public func auditEntries(of property: PropertyID, before cursor: Int64?, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM audit_entries WHERE property_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                    arguments: [property.rawValue, cursor ?? Int64.max, limit]
                ).map(StoredAuditEntry.init(row:))
            }
        }
    }

    public func auditEntriesInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM audit_entries WHERE (chain_id, chain_position) > (?, ?)
                        ORDER BY chain_id, chain_position LIMIT ?
                        """,
                    arguments: [cursor?.chain ?? "", cursor?.position ?? 0, limit]
                ).map(StoredAuditEntry.init(row:))
            }
        }
    }

    public func hasConsents(for purpose: PurposeKey, in property: PropertyID) async throws -> Bool {
        try await guarded {
            try pool.unsafeRead { db in
                // The state view holds a row for every purpose any event ever chose for.
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM consent_state WHERE property_id = ? AND purpose_key = ?)",
                    arguments: [property.rawValue, purpose.rawValue]) ?? false
            }
        }
    }

    /// The compare of compare-and-swap: inside the write transaction, which SQLite runs one at a time.
    private static func requireStored(_ expected: Property?, id: PropertyID, db: Database) throws {
        let stored = try String.fetchOne(db, sql: "SELECT config FROM properties WHERE id = ?", arguments: [id.rawValue])
        let current = try stored.map { try StoredJSON.decode(Property.self, from: $0, what: "property configuration") }
        guard current == expected else { throw StoreError.concurrentChange(id) }
    }

    static func upsert(_ property: Property, config: String, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO properties (id, config, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at
                """,
            arguments: [property.id.rawValue, config, Date().millisecondsSince1970])
    }

    static func insert(_ version: PolicyVersion, snapshot: String, db: Database) throws {
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM policy_versions WHERE property_id = ? AND version = ?",
                arguments: [version.property.rawValue, version.version]) ?? false
        if exists { throw StoreError.policyVersionExists(version.property, version.version) }
        try db.execute(
            sql: """
                INSERT INTO policy_versions (property_id, version, snapshot, content_hash, published_at)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [
                version.property.rawValue, version.version, snapshot, version.contentHash,
                version.publishedAt.millisecondsSince1970,
            ])
    }

    static func append(_ entry: AuditEntry, db: Database) throws {
        let chain = AuditEntry.chain(of: entry.property)
        let head =
            try Row.fetchOne(db, sql: "SELECT * FROM chain_heads WHERE chain_id = ?", arguments: [chain]).map(ChainHead.init(row:))
            ?? .genesis(of: chain)
        try insert(entry, link: AuditChain.link(entry, after: head), db: db)
    }

    /// Inserts the entry at `link` and moves its chain's head there.
    static func insert(_ entry: AuditEntry, link: ChainLink, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO audit_entries (id, property_id, actor, action, target, before, after, recorded_at,
                    chain_id, chain_position, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.id.rawValue, entry.property.rawValue, entry.actor, entry.action, entry.target, entry.before,
                entry.after, entry.recordedAt.millisecondsSince1970, link.chain, link.position, link.previousHash, link.hash,
            ])
        try db.execute(
            sql: """
                INSERT INTO chain_heads (chain_id, position, hash) VALUES (?, ?, ?)
                ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
                """,
            arguments: [link.chain, link.position, link.hash])
    }
}
