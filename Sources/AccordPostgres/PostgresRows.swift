import AccordCore
import Foundation
import PostgresNIO

/// A PostgreSQL row as the core's flat records read it: every cell through PostgresNIO's throwing decoders,
/// and a missing column thrown rather than trapped on.
struct PostgresRecordRow: RecordRow {
    let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    private struct MissingColumn: Error {}

    private func cell(_ column: String) throws -> PostgresCell {
        guard row.contains(column) else { throw MissingColumn() }
        return row[column]
    }

    func isNull(_ column: String) throws -> Bool { try cell(column).bytes == nil }
    func string(_ column: String) throws -> String { try cell(column).decode(String.self) }
    func int64(_ column: String) throws -> Int64 { try cell(column).decode(Int64.self) }
    func bool(_ column: String) throws -> Bool { try cell(column).decode(Bool.self) }
    func data(_ column: String) throws -> Data { try cell(column).decode(Data.self) }
}

extension FlatRecord {
    /// The record's columns as a select list, `t.a, t.b` with a table alias.
    static func selectList(alias: String? = nil) -> String {
        columns.map { column in alias.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }
}

extension PostgresRowSequence {
    /// Every row as a stored event.
    func events() async throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        for try await row in self { result.append(try StoredEvent(postgres: row)) }
        return result
    }

}

extension StoredEvent {
    /// Reads a `consent_events` row; a value the domain cannot represent throws `StoreError.corrupt`.
    init(postgres row: PostgresRow) throws {
        self = try EventRecord(row: PostgresRecordRow(row)).stored()
    }
}
