import Foundation

/// A stored value of one column, as a flat record writes it.
public enum ColumnValue: Hashable, Sendable {
    /// SQL NULL: a nil optional, kept so every value stays in its column's place.
    case null
    /// Text: ids, keys, JSON documents, hashes.
    case text(String)
    /// An integer column: `Int` and `Int64` properties, times as milliseconds.
    case integer(Int64)
    /// A boolean column; SQLite stores it as 0 or 1.
    case bool(Bool)
    /// A blob (`bytea` in PostgreSQL), such as the 32-byte subject key.
    case bytes(Data)
}

extension FlatRecord {
    /// The record's values, one per column, in column order (nil as `.null`): what a prepared insert binds and
    /// what an export line renames. A property of another type than text, integer, boolean or bytes throws.
    public func columnValues() throws -> [ColumnValue] {
        let encoder = ColumnValuesEncoder(columns: Self.columns)
        try encode(to: encoder)
        guard encoder.values.count == Self.columns.count else { throw ColumnValuesEncoder.unsupported(encoder.values.count) }
        return encoder.values
    }
}

/// The `Encoder` a flat record's synthesized `encode(to:)` runs into. Values come in declaration order, which is
/// the column order, so each is appended (nil as NULL, so every value keeps its place) and checked against the
/// column it must be.
private final class ColumnValuesEncoder: Encoder {
    let columns: [String]
    var values: [ColumnValue] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(columns: [String]) {
        self.columns = columns
        values.reserveCapacity(columns.count)
    }

    static func unsupported(_ index: Int) -> EncodingError {
        .invalidValue(index, .init(codingPath: [], debugDescription: "a flat record encodes each column once, in order, as a plain value"))
    }

    func append(_ value: ColumnValue, for key: some CodingKey) throws {
        guard values.count < columns.count, columns[values.count] == key.stringValue else { throw Self.unsupported(values.count) }
        values.append(value)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns(encoder: self))
    }

    // Unreachable: a struct's synthesized `encode(to:)` asks for a keyed container only, and bytes (`Data`, whose
    // own encoding is unkeyed) are taken whole below. The protocol leaves no way to throw from here.
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a flat record has keyed columns only") }
    func singleValueContainer() -> any SingleValueEncodingContainer { fatalError("a flat record has keyed columns only") }

    private struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: ColumnValuesEncoder
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { try encoder.append(.null, for: key) }
        mutating func encode(_ value: String, forKey key: Key) throws { try encoder.append(.text(value), for: key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder.append(.bool(value), for: key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder.append(.integer(value), for: key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try encoder.append(.integer(Int64(value)), for: key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            guard let bytes = value as? Data else { throw unsupported() }
            try encoder.append(.bytes(bytes), for: key)
        }

        // The defaults would skip a nil and shift every later value out of its column.
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encode(value.map(ColumnValue.text), key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encode(value.map(ColumnValue.bool), key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encode(value.map(ColumnValue.integer), key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
            try encode(value.map { ColumnValue.integer(Int64($0)) }, key)
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            guard let value else { return try encodeNil(forKey: key) }
            try encode(value, forKey: key)
        }

        private func encode(_ value: ColumnValue?, _ key: Key) throws { try encoder.append(value ?? .null, for: key) }
        private func unsupported() -> EncodingError { ColumnValuesEncoder.unsupported(encoder.values.count) }

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
