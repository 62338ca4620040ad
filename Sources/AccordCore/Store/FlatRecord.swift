import Foundation

/// A table row as a flat `Codable` value whose `CodingKeys` are the table's column names: each store reads and
/// writes the row through it, so the column list is spelled once.
public protocol FlatRecord: Codable, Sendable {
    /// The column names: each raw value is the column a property is read from and written to.
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable<String>
    /// The SQL table the record is a row of, named in statements and in `StoreError.corrupt` reasons.
    static var table: String { get }
    /// Every column, in declaration order: `CodingKeys.allCases.map(\.rawValue)`, kept in a `static let` (the
    /// append path reads it for every row, and building it was a tenth of the append's time).
    static var columns: [String] { get }
    /// Reads the record from a row, letting a `DecodingError` the row throws through as it is (the export names
    /// its own fields); any other failure is a `DecodingError` naming the column. The default runs the
    /// synthesized `init(from:)`; a record read on a hot path reads its cells directly with `RecordCells`
    /// (the synthesized decoder was a fifth of a 1,000-subject check's CPU time, measured with `perf`).
    init(decoding row: some RecordRow) throws
}

extension FlatRecord {
    /// Reads the record from one database row. A cell that is NULL where the column cannot be, or holds another
    /// type than the column's, throws `StoreError.corrupt("<table>.<column> ...")`; the cell's value never
    /// appears in the error, as it may be personal data.
    public init(row: some RecordRow) throws {
        do {
            self = try Self(decoding: row)
        } catch let error as DecodingError {
            let column = error.column ?? "?"
            throw StoreError.corrupt("\(Self.table).\(column) does not hold a valid value")
        }
    }

    /// The synthesized reading: `init(from:)` over the row's columns.
    public init(decoding row: some RecordRow) throws {
        self = try Self(synthesizedDecoding: row)
    }

    /// `init(from:)` over the row's columns, also for records that read their cells directly (the tests compare both).
    public init(synthesizedDecoding row: some RecordRow) throws {
        self = try Self(from: RecordRowDecoder(row: row))
    }
}

/// Runs a cell read; a driver's failure becomes a `DecodingError` naming the column only (its own text may quote
/// the row).
private func cell<T>(_ key: some CodingKey, _ read: (String) throws -> T) throws -> T {
    do {
        return try read(key.stringValue)
    } catch let error as DecodingError {
        throw error
    } catch {
        throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "unreadable cell"))
    }
}

/// A row's cells read by column key, failing as the synthesized decoding does: a driver's error becomes a
/// `DecodingError` naming the column only (the driver's own text may quote the row).
public struct RecordCells<Row: RecordRow, Key: CodingKey> {
    private let row: Row

    /// The cells of `row`, named by `Key`.
    public init(_ row: Row, keys: Key.Type) { self.row = row }

    /// A text cell.
    public func string(_ key: Key) throws -> String { try cell(key, row.string) }
    /// A 64-bit integer cell.
    public func int64(_ key: Key) throws -> Int64 { try cell(key, row.int64) }
    /// An integer cell that must fit `Int`.
    public func int(_ key: Key) throws -> Int {
        guard let value = Int(exactly: try int64(key)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [key], debugDescription: "out of range"))
        }
        return value
    }
    /// A byte cell.
    public func data(_ key: Key) throws -> Data { try cell(key, row.data) }
    /// A boolean cell.
    public func bool(_ key: Key) throws -> Bool { try cell(key, row.bool) }
    /// A nullable byte cell.
    public func optionalData(_ key: Key) throws -> Data? {
        try cell(key, row.isNull) ? nil : try data(key)
    }
    /// A nullable text cell.
    public func optionalString(_ key: Key) throws -> String? {
        try cell(key, row.isNull) ? nil : try string(key)
    }
    /// A nullable 64-bit integer cell.
    public func optionalInt64(_ key: Key) throws -> Int64? {
        try cell(key, row.isNull) ? nil : try int64(key)
    }
}

/// One database row, as `FlatRecord.init(row:)` reads it: each backend answers for its own cells.
/// Each method throws when the column is missing, NULL or holds another type.
public protocol RecordRow {
    /// Whether the cell is NULL; how an optional column is read before its value.
    func isNull(_ column: String) throws -> Bool
    /// The cell as text: ids, keys, JSON documents, hashes.
    func string(_ column: String) throws -> String
    /// The cell as a 64-bit integer: times in milliseconds, positions, sequence numbers.
    func int64(_ column: String) throws -> Int64
    /// The cell as a boolean (an integer 0 or 1 in SQLite).
    func bool(_ column: String) throws -> Bool
    /// The cell's bytes: a blob, `bytea` in PostgreSQL.
    func data(_ column: String) throws -> Data
}

extension DecodingError {
    /// The first key of the failing path: the column, for a flat record.
    fileprivate var column: String? {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.first?.stringValue
        case .keyNotFound(let key, _): key.stringValue
        @unknown default: nil
        }
    }
}

/// The `Decoder` a flat record's synthesized `init(from:)` runs over a `RecordRow`: only keyed, one level deep,
/// and only the cell types stores use (text, integers, booleans, bytes).
private struct RecordRowDecoder<Row: RecordRow>: Decoder {
    let row: Row
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns(row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.flatOnly([]) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Self.flatOnly([]) }

    static func flatOnly(_ path: [any CodingKey]) -> DecodingError {
        .typeMismatch(Any.self, .init(codingPath: path, debugDescription: "a flat record reads only keyed columns"))
    }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: Row
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }

        func decodeNil(forKey key: Key) throws -> Bool { try cell(key, row.isNull) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try cell(key, row.string) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try cell(key, row.bool) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try cell(key, row.int64) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            guard let value = Int(exactly: try cell(key, row.int64)) else { throw unsupported(key) }
            return value
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard type == Data.self, let data = try cell(key, row.data) as? T else { throw unsupported(key) }
            return data
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { throw unsupported(key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw unsupported(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(key) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw RecordRowDecoder.flatOnly([key]) }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw RecordRowDecoder.flatOnly([key])
        }
        func superDecoder() throws -> any Decoder { throw RecordRowDecoder.flatOnly([]) }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw RecordRowDecoder.flatOnly([key]) }

        private func unsupported(_ key: Key) -> DecodingError { RecordRowDecoder.flatOnly([key]) }
    }
}
