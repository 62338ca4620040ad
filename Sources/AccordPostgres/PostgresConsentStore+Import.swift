import AccordCore
import Foundation
import PostgresNIO

/// Moving data in from another database: rows are stored with the ids, times, links and hashes they had.
extension PostgresConsentStore {
    /// One transaction: the events in one statement (in the given order, so sequence numbers follow it), the
    /// state rows they leave, and the heads of the chains they end.
    public func importEvents(_ events: [StoredEvent]) async throws {
        guard !events.isEmpty else { return }
        let subjects = AppendPlanner.lookups(for: events.map(\.event)).subjects
        try await guarded {
            try await self.transaction { connection in
                let batch = PostgresAppendBatch(events: [], connection: connection, logger: self.logger)
                let plan = AppendPlanner.importing(events, states: try await batch.stateRows(of: subjects))
                _ = try await PostgresRecordSets.write(plan, on: connection, logger: self.logger)
            }
        }
    }

    public func importAuditEntries(_ entries: [StoredAuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        let heads = Self.lastLinks(entries.map(\.link))
        try await guarded {
            try await self.transaction { connection in
                for stored in entries {
                    let (entry, link) = (stored.entry, stored.link)
                    try await connection.query(
                        """
                        INSERT INTO audit_entries (id, property_id, actor, action, target, before, after, recorded_at,
                            chain_id, chain_position, prev_hash, hash)
                        VALUES (\(entry.id.rawValue), \(entry.property.rawValue), \(entry.actor), \(entry.action),
                            \(entry.target), \(entry.before), \(entry.after), \(entry.recordedAt.millisecondsSince1970),
                            \(link.chain), \(link.position), \(link.previousHash), \(link.hash))
                        """,
                        logger: self.logger)
                }
                try await Self.upsert(heads: heads, on: connection, logger: self.logger)
            }
        }
    }

    /// The last link of each chain among `links`, as heads, in chain order.
    private static func lastLinks(_ links: [ChainLink]) -> [ChainHead] {
        var heads: [String: ChainHead] = [:]
        for link in links { heads[link.chain] = link.head }
        return heads.keys.sorted().compactMap { heads[$0] }
    }

    private static func upsert(heads: [ChainHead], on connection: PostgresConnection, logger: Logger) async throws {
        for head in heads {
            try await connection.query(
                """
                INSERT INTO chain_heads (chain_id, position, hash) VALUES (\(head.chain), \(head.position), \(head.hash))
                ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
                """,
                logger: logger)
        }
    }
}
