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
        var reader = FlatJSONReader(bytes: bytes)
        return reader.checkBody()
    }
}

extension FlatJSONReader {
    mutating func checkBody() -> (subjects: [String], purposes: [String]?)? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var subjects: [String]?
        var purposes: [String]?
        var sawPurposes = false
        if !take(UInt8(ascii: "}")) {
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "subjects" where subjects == nil:
                    guard let list = strings() else { return nil }
                    subjects = list
                case "purposes" where !sawPurposes:
                    sawPurposes = true
                    if takeLiteral("null") { continue }
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

    /// `[ "a", "b" ]` with plain strings, or nil.
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
