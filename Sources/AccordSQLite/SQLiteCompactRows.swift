import Foundation
import GRDB

/// Migration `2026-11-30-compact-event-rows`: rewrites the rows stored before it in the compact cells of
/// `SQLiteCompactCells`, in place, in the migration's one transaction.
///
/// - `consent_events`: every row's `hash`, `prev_hash`, `policy_hash` and `expires_at` rewritten (the append-only
///   trigger is lifted for the statement and made again from its own stored SQL). Ids, sequence numbers and chain
///   positions do not move, and every row reads back as the text it held, so the chains verify as before.
/// - `consent_state`: rebuilt as the SQLite documentation describes (ALTER TABLE, "making other kinds of table
///   schema changes") from its own stored definition without the foreign key on `event_id` (a 16-byte id cannot
///   reference the events' text id; the state is a view of the events that `accord audit verify` compares with
///   them), its rows copied with the id as bytes, its indexes and triggers made again from their stored SQL. The
///   definition is read, not spelled here, so a column another migration added before this one is kept.
///
/// The space the old texts held is free pages afterwards; `VACUUM` gives it back to the file system.
enum SQLiteCompactRows {
    static func migrate(_ db: Database) throws {
        let functions = [
            DatabaseFunction("accord_stored_hash", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return values[0] }
                return SQLiteCompactCells.storedHash(text).databaseValue
            },
            DatabaseFunction("accord_stored_expiries", argumentCount: 2, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]), let choices = String.fromDatabaseValue(values[1])
                else { return values[0] }
                return SQLiteCompactCells.storedExpiries(text, choices: choices).databaseValue
            },
            DatabaseFunction("accord_stored_event_id", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return values[0] }
                return SQLiteCompactCells.storedEventID(text).databaseValue
            },
        ]
        for function in functions { db.add(function: function) }
        defer { for function in functions { db.remove(function: function) } }
        try compactEvents(db)
        try rebuildState(db)
    }

    private static func compactEvents(_ db: Database) throws {
        let trigger = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'consent_events_no_update'")
        try db.execute(sql: "DROP TRIGGER IF EXISTS consent_events_no_update")
        // Only text cells change: a row written by this code already holds the compact form.
        try db.execute(
            sql: """
                UPDATE consent_events SET
                    hash = accord_stored_hash(hash), prev_hash = accord_stored_hash(prev_hash),
                    policy_hash = accord_stored_hash(policy_hash), expires_at = accord_stored_expiries(expires_at, choices)
                WHERE typeof(hash) = 'text' OR typeof(prev_hash) = 'text' OR typeof(policy_hash) = 'text'
                    OR expires_at GLOB '{*'
                """)
        if let trigger { try db.execute(sql: trigger) }
    }

    private static func rebuildState(_ db: Database) throws {
        guard
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'consent_state'")
        else { return }
        let others = try String.fetchAll(
            db,
            sql: """
                SELECT sql FROM sqlite_master WHERE tbl_name = 'consent_state' AND type IN ('index', 'trigger')
                AND sql IS NOT NULL
                """)
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(consent_state)").map { row -> String in
            try row.decode(String.self, forColumn: "name")
        }
        guard columns.contains("event_id"), let name = definition.range(of: "consent_state") else {
            throw DatabaseError(message: "consent_state does not have the columns this migration rewrites")
        }
        var compact = definition.replacingCharacters(in: name, with: "consent_state_compact")
        compact = compact.replacingOccurrences(
            of: #"\s*REFERENCES\s+"?consent_events"?\s*\(\s*id\s*\)"#, with: "", options: .regularExpression)
        try db.execute(sql: compact)
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let values = columns.map { $0 == "event_id" ? "accord_stored_event_id(event_id)" : "\"\($0)\"" }
            .joined(separator: ", ")
        try db.execute(sql: "INSERT INTO consent_state_compact (\(list)) SELECT \(values) FROM consent_state")
        try db.execute(sql: "DROP TABLE consent_state")
        try db.execute(sql: "ALTER TABLE consent_state_compact RENAME TO consent_state")
        for statement in others { try db.execute(sql: statement) }
    }
}
