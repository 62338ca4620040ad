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
                        \(try SQLiteChoiceTexts.selectEvents(db)) WHERE (e.chain_id, e.chain_position) > (?, ?)
                        ORDER BY e.chain_id, e.chain_position LIMIT ?
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
                // Subject by subject (the index keeps each subject's events together, in commit order), so memory
                // holds one subject's state, however long the log; a notice needs the state before it.
                // Erased subjects' events stay as evidence but are never folded into state again.
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        \(try SQLiteChoiceTexts.selectEvents(db)) WHERE NOT EXISTS (
                            SELECT 1 FROM erased_subjects x WHERE x.property_id = e.property_id AND x.subject_key = e.subject_key)
                        ORDER BY e.property_id, e.subject_key, e.seq
                        """)
                var changes = StateChanges()
                var current: (PropertyID, SubjectKey)?
                func flush() throws {
                    for change in changes.rows { try SQLiteInserts.runState(StateRecord(change), db: db) }
                    changes = StateChanges()
                }
                while let row = try rows.next() {
                    let event = try StoredEvent(row: row).event
                    if let current, current != (event.property, event.subject) { try flush() }
                    current = (event.property, event.subject)
                    changes.apply(event)
                }
                try flush()
            }
        }
    }
}
