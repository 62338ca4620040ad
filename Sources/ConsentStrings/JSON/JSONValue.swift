/// A JSON document, the exchange form of the decoded-field mappings (``TCString/json``,
/// ``GPPString/json``, …) so that the library needs no Foundation.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// An array of integers.
    public static func ints(_ values: some Sequence<Int>) -> JSONValue { .array(values.map(JSONValue.int)) }

    /// An array of Booleans.
    public static func bools(_ values: [Bool]) -> JSONValue { .array(values.map(JSONValue.bool)) }
}

/// Typed reads of object members for the mappings; each failure is an `invalidJSON` error that
/// names the member.
struct JSONFields {
    let members: [String: JSONValue]

    init(_ value: JSONValue, _ what: String) throws {
        guard case .object(let members) = value else {
            throw ConsentStringError(.invalidJSON, "\(what) must be a JSON object")
        }
        self.members = members
    }

    func value(_ key: String) throws -> JSONValue {
        guard let value = members[key] else { throw ConsentStringError(.invalidJSON, "missing member '\(key)'") }
        return value
    }

    func int(_ key: String) throws -> Int {
        switch try value(key) {
        case .int(let number): return number
        case .double(let number) where number == number.rounded(): return Int(number)
        default: throw ConsentStringError(.invalidJSON, "'\(key)' must be an integer")
        }
    }

    func bool(_ key: String) throws -> Bool {
        guard case .bool(let flag) = try value(key) else {
            throw ConsentStringError(.invalidJSON, "'\(key)' must be a Boolean")
        }
        return flag
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else {
            throw ConsentStringError(.invalidJSON, "'\(key)' must be a string")
        }
        return text
    }

    func ints(_ key: String) throws -> [Int] {
        guard case .array(let items) = try value(key) else {
            throw ConsentStringError(.invalidJSON, "'\(key)' must be an array")
        }
        return try items.map {
            guard case .int(let number) = $0 else { throw ConsentStringError(.invalidJSON, "'\(key)' holds a non-integer") }
            return number
        }
    }

    func bools(_ key: String) throws -> [Bool] {
        guard case .array(let items) = try value(key) else {
            throw ConsentStringError(.invalidJSON, "'\(key)' must be an array")
        }
        return try items.map {
            guard case .bool(let flag) = $0 else { throw ConsentStringError(.invalidJSON, "'\(key)' holds a non-Boolean") }
            return flag
        }
    }

    /// An identifier list. Identifiers start at 1; an ``IDSet`` would drop 0 and negative numbers without a
    /// word, so they are refused here (as a number too large for its field is refused on encode).
    func ids(_ key: String) throws -> IDSet {
        let ids = try ints(key)
        if let wrong = ids.first(where: { $0 < 1 }) {
            throw ConsentStringError(.invalidValue, "'\(key)' holds \(wrong): identifiers start at 1")
        }
        return IDSet(ids)
    }

    func timestamp(_ key: String) throws -> Timestamp { try Timestamp(iso8601: try string(key)) }

    func isNull(_ key: String) -> Bool { members[key] == nil || members[key] == .null }
}
