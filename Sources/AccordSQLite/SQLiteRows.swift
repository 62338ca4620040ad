import AccordCore
import Foundation
import GRDB

/// A GRDB row as the core's flat records read it. Every cell is read as the `DatabaseValue` it holds and must
/// be of its column's storage class: a NULL, a missing column or another type throws (GRDB's `row["column"]`
/// subscript would trap, and its typed reads convert text to 0 on statement-backed rows).
///
/// The cells are copied out in one pass and found by an exact name among a handful: GRDB's case-insensitive
/// look-up and generic decoding per cell were most of a state row's reading time (`perf` on a 1,000-subject check).
struct SQLiteRecordRow: RecordRow {
    private let names: [String]
    private let values: [DatabaseValue]

    init(_ row: Row) {
        var names: [String] = []
        var values: [DatabaseValue] = []
        names.reserveCapacity(row.count)
        values.reserveCapacity(row.count)
        for (name, value) in row {
            names.append(name)
            values.append(value)
        }
        self.names = names
        self.values = values
    }

    private struct WrongStorage: Error {}

    private func storage(_ column: String) throws -> DatabaseValue.Storage {
        guard let index = names.firstIndex(of: column) else { throw WrongStorage() }
        return values[index].storage
    }

    func isNull(_ column: String) throws -> Bool { try storage(column) == .null }

    /// A text cell; the compact forms of `SQLiteCompactCells` read back as the text they were written from.
    func string(_ column: String) throws -> String {
        switch try storage(column) {
        case .string(let value) where column == SQLiteCompactCells.expiriesColumn && value.utf8.first != UInt8(ascii: "{"):
            // The one instant of every purpose (`SQLiteCompactCells.storedExpiries`); a JSON object starts with `{`.
            // When the choices cannot give the keys back, the digits go on as they are: they are no expiries text,
            // so the record reports the damaged column (the choices, checked first) instead of a wrong value.
            guard let milliseconds = Int64(value), let choices = try? string(SQLiteCompactCells.choicesColumn),
                let text = SQLiteCompactCells.expiriesText(choices: choices, milliseconds: milliseconds)
            else { return value }
            return text
        case .string(let value) where column == SQLiteCompactCells.choicesColumn && value.utf8.first != UInt8(ascii: "{"):
            // A `SQLiteChoiceTexts` reference: the reader joined its text (`SQLiteChoiceTexts.selectEvents`). Without
            // one (a number no text has, other damage, a row read without the join) the cell goes on as it is: it is
            // no choices text, so the record reports the column as not valid.
            guard case .string(let text)? = try? storage(SQLiteChoiceTexts.joinedColumn) else { return value }
            return text
        case .string(let value):
            return value
        case .blob(let bytes) where SQLiteCompactCells.hashColumns.contains(column):
            guard let text = SQLiteCompactCells.hashText(bytes) else { throw WrongStorage() }
            return text
        case .blob(let bytes) where column == SQLiteCompactKeys.column:
            guard let text = SQLiteCompactKeys.keyText(bytes) else { throw WrongStorage() }
            return text
        case .blob(let bytes) where column == SQLiteCompactCells.eventIDColumn:
            guard let text = SQLiteCompactCells.eventIDText(bytes) else { throw WrongStorage() }
            return text
        default:
            throw WrongStorage()
        }
    }

    func int64(_ column: String) throws -> Int64 {
        guard case .int64(let value) = try storage(column) else { throw WrongStorage() }
        return value
    }

    func bool(_ column: String) throws -> Bool {
        switch try storage(column) {
        case .int64(0): false
        case .int64(1): true
        default: throw WrongStorage()
        }
    }

    func data(_ column: String) throws -> Data {
        guard case .blob(let value) = try storage(column) else { throw WrongStorage() }
        return value
    }
}

extension StoredEvent {
    /// Reads a `consent_events` row; a value the domain cannot represent throws `StoreError.corrupt`.
    init(row: Row) throws {
        self = try EventRecord(row: SQLiteRecordRow(row)).stored()
    }
}

extension StateRow {
    /// Reads a `consent_state` row; a value the domain cannot represent throws `StoreError.corrupt`.
    init(row: Row) throws {
        self = try StateRecord(row: SQLiteRecordRow(row)).row()
    }

}

/// One cell of a row read without a flat record (chain heads, audit entries, API keys), decoded with `try`: a
/// NULL or mistyped cell is `StoreError.corrupt` naming it, never its value.
func cell<T: DatabaseValueConvertible>(_ row: Row, _ table: String, _ column: String) throws -> T {
    do {
        return try row.decode(T.self, forColumn: column)
    } catch {
        throw StoreError.corrupt("\(table).\(column) does not hold a valid value")
    }
}

extension ChainHead {
    /// Reads a `chain_heads` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "chain_heads", name) }
        self.init(chain: try column("chain_id"), position: try column("position"), hash: try column("hash"))
    }
}

extension StoredAuditEntry {
    /// Reads an `audit_entries` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "audit_entries", name) }
        var entry = AuditEntry(
            property: PropertyID(rawValue: try column("property_id")), actor: try column("actor"), action: try column("action"),
            target: try column("target"), before: try column("before"), after: try column("after"),
            at: Date(millisecondsSince1970: try column("recorded_at")))
        entry.id = EventID(rawValue: try column("id"))
        self.init(
            entry: entry, sequence: try column("seq"),
            link: ChainLink(
                chain: try column("chain_id"), position: try column("chain_position"), previousHash: try column("prev_hash"),
                hash: try column("hash")))
    }
}
