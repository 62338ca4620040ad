import Foundation

/// Reads JSON lines (one JSON object per line) incrementally from chunks of bytes, in constant memory. Nested
/// objects are flattened to dotted paths (`user.id`); arrays of objects are kept as lists (`consents.purposes`).
/// Pure; a line that is not a JSON object is reported and reading goes on.
public struct JSONLinesRecordReader: Sendable {
    private var pending: [UInt8] = []
    private var line = 0

    /// A reader at the start of a file.
    public init() {}

    /// Feeds the next chunk; returns the rows (and rejected lines) it completed.
    public mutating func read(_ bytes: some Sequence<UInt8>) -> [CSVRecordReader.Output] {
        var out: [CSVRecordReader.Output] = []
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                emit(into: &out)
            } else {
                pending.append(byte)
            }
        }
        return out
    }

    /// Ends the input, completing a last line without a line break.
    public mutating func finish() -> [CSVRecordReader.Output] {
        var out: [CSVRecordReader.Output] = []
        if !pending.isEmpty {
            line += 1
            emit(into: &out)
        }
        return out
    }

    private mutating func emit(into out: inout [CSVRecordReader.Output]) {
        defer { pending.removeAll(keepingCapacity: true) }
        if pending.last == 0x0D { pending.removeLast() }
        guard pending.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONLineValue.self, from: Data(pending)) else {
            out.append(.rejected(ImportRejection(line: line, reason: "not a JSON object")))
            return
        }
        out.append(.record(ImportRecord(line: line, values: Self.flatten(object))))
    }

    static func flatten(_ object: [String: JSONLineValue], prefix: String = "") -> [String: ImportValue] {
        var values: [String: ImportValue] = [:]
        for (key, value) in object {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let nested):
                values.merge(flatten(nested, prefix: path)) { first, _ in first }
            case .array(let array):
                let objects = array.compactMap { element -> [String: JSONLineValue]? in
                    if case .object(let object) = element { return object }
                    return nil
                }
                if objects.count == array.count && !array.isEmpty {
                    values[path] = .list(objects.map { flatten($0) })
                } else {
                    values[path] = .text(array.compactMap(\.scalarText).joined(separator: ","))
                }
            case .null:
                values[path] = ImportValue.none
            default:
                values[path] = value.scalarText.map(ImportValue.text) ?? ImportValue.none
            }
        }
        return values
    }
}

/// Any JSON value, decoded without Foundation's untyped objects (whose booleans and numbers differ by platform).
enum JSONLineValue: Decodable, Sendable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)
    case array([JSONLineValue]), object([String: JSONLineValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONLineValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONLineValue].self))
        }
    }

    /// A scalar as text (`true`, `42`, `1.5`, the string); nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): value
        default: nil
        }
    }
}
