extension JSONValue {
    /// Parses JSON text (RFC 8259). Numbers without fraction or exponent become ``int(_:)``.
    public init(parsing text: String) throws {
        var parser = Parser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ message: String) -> ConsentStringError {
            ConsentStringError(.invalidJSON, "\(message) at byte \(index)")
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func parseDocument() throws -> JSONValue {
            let value = try parseValue()
            skipSpace()
            guard index == bytes.count else { throw fail("unexpected trailing text") }
            return value
        }

        mutating func expect(_ literal: String) throws {
            for unit in literal.utf8 {
                guard index < bytes.count, bytes[index] == unit else { throw fail("expected '\(literal)'") }
                index += 1
            }
        }

        mutating func parseValue() throws -> JSONValue {
            skipSpace()
            guard index < bytes.count else { throw fail("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return try parseNumber()
            }
        }

        mutating func parseObject() throws -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try parseString()
                skipSpace()
                try expect(":")
                members[key] = try parseValue()
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated object") }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            }
        }

        mutating func parseArray() throws -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated array") }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[index - 1] == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
            }
        }
    }
}
