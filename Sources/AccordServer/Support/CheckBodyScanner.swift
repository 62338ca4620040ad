import Hummingbird
import NIOCore

/// Reads the common shape of a check body, `{"subjects":["..."],"purposes":["..."]}`, straight from its bytes: keys in
/// either order, `purposes` absent or `null`, JSON whitespace anywhere, strings of printable characters without
/// escapes. Anything else (an escape, another key, a key given twice, a value of another type, invalid UTF-8,
/// malformed JSON) gives nil and the body goes the general way (`JSONBody.decode`), which answers it exactly as
/// before, its error included: this only takes Foundation's `JSONDecoder` off the path of the bodies it reads the
/// same way.
enum CheckBodyScanner {
    /// The subjects and purposes of a body of the common shape, or nil.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> (subjects: [String], purposes: [String]?)? {
        var scanner = Scanner(bytes: bytes)
        return scanner.body()
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func body() -> (subjects: [String], purposes: [String]?)? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var subjects: [String]?
            var purposes: [String]?
            var sawPurposes = false
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = string() else { return nil }
                    guard take(UInt8(ascii: ":")) else { return nil }
                    switch key {
                    case "subjects" where subjects == nil:
                        guard let list = strings() else { return nil }
                        subjects = list
                    case "purposes" where !sawPurposes:
                        sawPurposes = true
                        if takeNull() { continue }
                        guard let list = strings() else { return nil }
                        purposes = list
                    default:
                        return nil
                    }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            skipWhitespace()
            guard position == bytes.count, let subjects else { return nil }
            return (subjects, purposes)
        }

        /// `[ "a", "b" ]`, or nil.
        mutating func strings() -> [String]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var list: [String] = []
            if take(UInt8(ascii: "]")) { return list }
            repeat {
                guard let value = string() else { return nil }
                list.append(value)
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]")) ? list : nil
        }

        /// A string without escapes or control characters, as valid UTF-8; nil for anything else.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            var ascii = true
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                    position += 1
                    return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                if byte >= 0x80 { ascii = false }
                position += 1
            }
            return nil
        }

        mutating func takeNull() -> Bool {
            skipWhitespace()
            guard bytes.count - position >= 4, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
                bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l")
            else { return false }
            position += 4
            return true
        }

        /// Skips whitespace, then takes `byte` if it comes next.
        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
                default: return
                }
            }
        }
    }
}

extension JSONBody {
    /// `decode(_:from:context:)` with a fast path first: `scan` reads the bytes of the bodies it knows the shape of
    /// (giving the value `JSONDecoder` would) and nil for the rest, which are decoded and refused as everywhere else.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: some RequestContext, scan: (UnsafeRawBufferPointer) -> T?
    ) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw APIError.bodyTooLarge
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        if let value = buffer.withUnsafeReadableBytes(scan) { return value }
        guard buffer.readableBytes > 0 else { throw APIError.malformedJSON("the body is empty") }
        try refuseDuplicateKeys(buffer)
        return try decode(T.self, json: buffer)
    }
}
