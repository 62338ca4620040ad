import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func eventsInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredEvent] {
        try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: EventRecord.selectList()) FROM consent_events
                WHERE (chain_id, chain_position) > (\(cursor?.chain ?? ""), \(cursor?.position ?? 0))
                ORDER BY chain_id, chain_position LIMIT \(limit)
                """,
                logger: self.logger
            ).events()
        }
    }

    /// Heads still at the genesis (created by a batch that only replayed) carry no event and are left out.
    public func chainHeads() async throws -> [ChainHead] {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT chain_id, position, hash FROM chain_heads WHERE position > 0 ORDER BY chain_id", logger: self.logger)
            var heads: [ChainHead] = []
            for try await (chain, position, hash) in rows.decode((String, Int64, String).self) {
                heads.append(ChainHead(chain: chain, position: position, hash: hash))
            }
            return heads
        }
    }

    public func allStates() async throws -> [StateRow] {
        try await guarded {
            try await self.client.query(
                "SELECT \(unescaped: StateRecord.selectList()) FROM consent_state ORDER BY property_id, subject_key, purpose_key",
                logger: self.logger
            ).stateRows().sorted()
        }
    }

    /// Replays every event under a share lock on the log, so no append runs meanwhile.
    public func rebuildStates() async throws {
        try await guarded(bounded: false) {
            try await self.transaction { connection in
                try await connection.query("LOCK TABLE consent_events IN SHARE MODE", logger: self.logger)
                try await connection.query("DELETE FROM consent_state", logger: self.logger)
                var changes = StateChanges()
                // Erased subjects' events stay as evidence but are never folded into state again.
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: EventRecord.selectList()) FROM consent_events e WHERE NOT EXISTS (
                        SELECT 1 FROM erased_subjects x WHERE x.property_id = e.property_id AND x.subject_key = e.subject_key)
                    ORDER BY seq
                    """, logger: self.logger)
                for try await row in rows { changes.apply(try StoredEvent(postgres: row).event) }
                let all = changes.rows.map(StateRecord.init)
                for start in stride(from: 0, to: all.count, by: 5_000) {
                    let chunk = Array(all[start..<min(start + 5_000, all.count)])
                    try await PostgresRecordSets.upsert(chunk, on: connection, logger: self.logger)
                }
            }
        }
    }
}
