import AccordCore
import Foundation
import GRDB

/// Inserts core flat records with statements prepared once per connection. This is the append path, so it skips
/// GRDB's record persistence, which builds a dictionary of values and the SQL again for every row (a quarter of
/// the append's time in a profile).
enum SQLiteInserts {
    static let event = sql(EventRecord.self)
    /// The state view has one row per (property, subject, purpose) and nothing refers to it: replacing is upserting.
    static let state = sql(StateRecord.self, or: "OR REPLACE ")
    /// A visitor has one link; linking it again replaces it.
    static let link = sql(LinkRecord.self, or: "OR REPLACE ")

    private static func sql<Record: FlatRecord>(_ type: Record.Type, or conflict: String = "") -> String {
        let placeholders = Array(repeating: "?", count: Record.columns.count).joined(separator: ", ")
        return "INSERT \(conflict)INTO \(Record.table) (\(Record.columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Runs `sql` (one of the above, for `Record`) with the record's values bound in column order.
    static func run<Record: FlatRecord>(_ sql: String, _ record: Record, db: Database) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(try values(record)))
    }

    /// Inserts an event row, with the compact cells of `SQLiteCompactCells` and its choices cell from `choices`
    /// (`SQLiteChoiceTexts`).
    static func runEvent(_ record: EventRecord, choices: inout SQLiteChoiceTexts.Cells, db: Database) throws {
        let values = try SQLiteCompactCells.eventValues(record, choices: try choices.cell(for: record.choices, db: db))
        try db.cachedStatement(sql: event).execute(arguments: StatementArguments(values))
    }

    /// Inserts or replaces a state row, with the compact cells of `SQLiteCompactCells`.
    static func runState(_ record: StateRecord, db: Database) throws {
        try db.cachedStatement(sql: state).execute(arguments: StatementArguments(try SQLiteCompactCells.stateValues(record)))
    }

    /// The record's values in column order, as GRDB binds them.
    static func values<Record: FlatRecord>(_ record: Record) throws -> [(any DatabaseValueConvertible)?] {
        // As existentials: GRDB's init for them maps with a closure, the one for concrete values through a key
        // path, which cost a twentieth of the append in a profile.
        try record.columnValues().map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: nil
            case .text(let text): text
            case .integer(let integer): integer
            case .bool(let bool): bool
            case .bytes(let bytes): bytes
            }
        }
    }
}
