import AccordCore
import Foundation
import GRDB

/// Inserts core flat records with statements prepared once per connection. This is the append path, so it skips
/// GRDB's record persistence, which builds a dictionary of values and the SQL again for every row.
enum SQLiteInserts {
    static let event = sql(EventRecord.self)
    /// The state view has one row per (property, subject, purpose) and nothing refers to it: replacing is upserting.
    static let state = sql(StateRecord.self, or: "OR REPLACE ")

    private static func sql<Record: FlatRecord>(_ type: Record.Type, or conflict: String = "") -> String {
        let placeholders = Array(repeating: "?", count: Record.columns.count).joined(separator: ", ")
        return "INSERT \(conflict)INTO \(Record.table) (\(Record.columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Runs `sql` (one of the above, for `Record`) with the record's values bound in column order.
    static func run<Record: FlatRecord>(_ sql: String, _ record: Record, db: Database) throws {
        let values = ColumnValues(columns: Record.columns)
        try record.encode(to: values)
        guard values.values.count == Record.columns.count else { throw ColumnValues.unsupported(values.values.count) }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.values))
    }
}

/// The `Encoder` a flat record's synthesized `encode(to:)` runs into: values come in declaration order, which is
/// the column order, so each is appended (nil as NULL) and checked against the column it must be.
private final class ColumnValues: Encoder {
    let columns: [String]
    var values: [DatabaseValue] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(columns: [String]) {
        self.columns = columns
        values.reserveCapacity(columns.count)
    }

    static func unsupported(_ index: Int) -> EncodingError {
        .invalidValue(index, .init(codingPath: [], debugDescription: "a flat record encodes each column once, in order, as text, integer or bytes"))
    }

    func append(_ value: DatabaseValue, for key: some CodingKey) throws {
        guard values.count < columns.count, columns[values.count] == key.stringValue else { throw Self.unsupported(values.count) }
        values.append(value)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns(encoder: self))
    }

    // Unreachable: a synthesized `encode(to:)` of a struct asks for a keyed container only, and bytes (`Data`,
    // whose own encoding is unkeyed) are taken whole above. The protocol leaves no way to throw from here.
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a flat record has keyed columns only") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a flat record has keyed columns only") }

    private struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ColumnValues
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { try encoder.append(.null, for: key) }
        mutating func encode(_ value: String, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            guard let data = value as? Data else { throw ColumnValues.unsupported(encoder.values.count) }
            try encoder.append(data.databaseValue, for: key)
        }

        // Optional columns: NULL keeps every value in its column's place.
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encoder.append(value.databaseValue, for: key) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return try encoder.append(.null, for: key) }
            try encode(value, forKey: key)
        }

        private func unsupported() -> EncodingError { ColumnValues.unsupported(encoder.values.count) }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: Int8, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: Int16, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: Int32, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: UInt, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { throw unsupported() }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { throw unsupported() }
        // A nested value's keys are no columns, so its first value throws.
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        { KeyedEncodingContainer(Columns<NestedKey>(encoder: encoder)) }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { encoder.unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }
}
