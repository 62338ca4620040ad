import AccordCore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationEssentialsCompat

/// Reading and writing JSON bodies with Accord's own error mapping: malformed JSON or a key given twice in
/// one object is a 400, a well-formed body of the wrong shape a 422 naming the field, an oversize body a 413.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw APIError.bodyTooLarge
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError.malformedJSON("the body is empty") }
        try refuseDuplicateKeys(buffer)
        return try decode(T.self, json: buffer)
    }

    /// Like `decode`, but an empty body is fine and yields nil.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext)
        async throws -> T?
    {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw APIError.bodyTooLarge
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        try refuseDuplicateKeys(buffer)
        return try decode(T.self, json: buffer)
    }

    /// Decodes checked bytes; a number that does not fit its integer is a 422 naming the field (`JSONNumberFault`).
    static func decode<T: Decodable>(_ type: T.Type, json buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: buffer)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            if let field = JSONNumberFault.locate(T.self, in: Data(buffer: buffer)) {
                throw APIError.invalid("type_mismatch", "\(field) must be an integer (64 bits at most)", field: field)
            }
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// Every JSON body passes here before it is decoded (see `JSONDuplicateKeys` for why).
    static func refuseDuplicateKeys(_ buffer: ByteBuffer) throws(APIError) {
        if let path = buffer.withUnsafeReadableBytes({ JSONDuplicateKeys.first(in: $0) }) {
            throw .duplicateKey(path)
        }
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.rfc3339)
        }
        let data = try encoder.encode(value)
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response from bytes already written as JSON (by a `JSONWriter`, for the hot paths).
    static func response(json bytes: [UInt8], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
