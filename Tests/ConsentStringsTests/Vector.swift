import ConsentStrings
import Testing

/// One entry of a vector file in `Tests/Vectors`, loaded through `#filePath` so that the tests run
/// on a clean clone.
struct Vector: Sendable, CustomTestStringConvertible {
    let file: String
    let index: Int
    let string: String
    let decoded: JSONValue
    let raw: JSONValue

    var expectsError: Bool { raw["expectError"] != nil && raw["expectError"] != .null }
    var encodeAssertedBySource: Bool { raw["encodeAssertedBySource"] == .bool(true) }
    var kind: String? { if case .string(let kind)? = raw["kind"] { kind } else { nil } }
    var section: String? { if case .string(let name)? = raw["section"] { name } else { nil } }

    var testDescription: String {
        let shown = string.count > 48 ? String(string.prefix(45)) + "..." : string
        return "\(file)#\(index) \(shown)"
    }

    /// Every vector of `Tests/Vectors/<name>.json`.
    static func load(_ name: String, filePath: String = #filePath) -> [Vector] {
        let directory = filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(2)
        let path = (directory + ["Vectors", "\(name).json"]).joined(separator: "/")
        do {
            let document = try JSONValue(parsing: try readText(path))
            guard case .array(let entries)? = document["vectors"] else { return [] }
            return entries.enumerated().map { index, entry in
                var string = ""
                if case .string(let text)? = entry["string"] { string = text }
                return Vector(file: name, index: index, string: string, decoded: entry["decoded"] ?? .null, raw: entry)
            }
        } catch {
            Issue.record("cannot load \(path): \(error)")
            return []
        }
    }
}

/// Field-for-field comparison: every member of `expected` must equal the same member of `actual`.
func expectFields(
    _ actual: JSONValue, _ expected: JSONValue, _ context: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .object(let members) = expected else {
        #expect(actual == expected, "\(context)", sourceLocation: sourceLocation)
        return
    }
    for (key, value) in members.sorted(by: { $0.key < $1.key }) {
        if case .object = value, let inner = actual[key] {
            expectFields(inner, value, "\(context).\(key)", sourceLocation: sourceLocation)
        } else {
            #expect(actual[key] == value, "field \(context).\(key)", sourceLocation: sourceLocation)
        }
    }
}
