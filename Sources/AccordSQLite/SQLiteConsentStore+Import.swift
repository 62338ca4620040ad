import AccordCore
import Foundation
import GRDB

/// Moving data in from another database: rows are stored with the ids, times, links and hashes they had.
extension SQLiteConsentStore {
    public func importEvents(_ events: [StoredEvent]) async throws {
        guard !events.isEmpty else { return }
        try await guarded {
            try await pool.write { db in
                var heads: [String: ChainHead] = [:]
                for stored in events {
                    try Self.insert(stored.event, link: stored.link, db: db)
                    try Self.foldIntoState(stored.event, db: db)
                    heads[stored.link.chain] = stored.link.head
                }
                try Self.save(heads: heads.values, db: db)
            }
        }
    }

    public func importAuditEntries(_ entries: [StoredAuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await guarded {
            try await pool.write { db in
                for stored in entries { try Self.insert(stored.entry, link: stored.link, db: db) }
            }
        }
    }

    private static func save(heads: some Sequence<ChainHead>, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO chain_heads (chain_id, position, hash) VALUES (?, ?, ?)
                ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
                """)
        for head in heads { try statement.execute(arguments: [head.chain, head.position, head.hash]) }
    }
}
