import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func eventsInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredEvent] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM consent_events WHERE (chain_id, chain_position) > (?, ?)
                        ORDER BY chain_id, chain_position LIMIT ?
                        """,
                    arguments: [cursor?.chain ?? "", cursor?.position ?? 0, limit]
                ).map(StoredEvent.init(row:))
            }
        }
    }

    public func chainHeads() async throws -> [ChainHead] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(db, sql: "SELECT * FROM chain_heads ORDER BY chain_id").map(ChainHead.init(row:))
            }
        }
    }

    public func allStates() async throws -> [StateRow] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM consent_state ORDER BY property_id, hex(subject_key), purpose_key"
                ).map(StateRow.init(row:)).sorted()
            }
        }
    }

    public func rebuildStates() async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM consent_state")
                // Event by event, so memory stays flat however long the log; each row overwrites the one before.
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM consent_events ORDER BY seq")
                while let row = try rows.next() {
                    let event = try StoredEvent(row: row).event
                    for (purpose, state) in ConsentState.changes(of: event) {
                        let change = StateRow(property: event.property, subject: event.subject, purpose: purpose, state: state)
                        try SQLiteInserts.run(SQLiteInserts.state, StateRecord(change), db: db)
                    }
                }
            }
        }
    }
}
