import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id: the caller's `X-Request-Id` when it is well-formed, otherwise a new one. It is put in
/// every log line of the request (`request_id`) and echoed in the answer, errors included, so a caller's report
/// can be matched to the server's log.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = request.headers[.requestID].flatMap(RequestID.accepting) ?? RequestID.generate()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        do {
            var response = try await next(request, context)
            response.headers[.requestID] = id
            return response
        } catch {
            var answer = APIError.from(error)
            answer.headers[.requestID] = id
            throw answer
        }
    }
}

/// What request ids may be.
enum RequestID {
    /// At most 128 characters of letters, digits and `-_.:`: enough for UUIDs and tracing ids, and nothing that
    /// could carry an e-mail address or break a log line.
    static func accepting(_ text: String) -> String? {
        guard (1...128).contains(text.utf8.count),
            text.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
            })
        else { return nil }
        return text
    }

    /// 128 random bits as 32 lowercase hex digits, written into the string in one allocation (two `String(radix:)`
    /// texts, their padding and a concatenation were four).
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return String(unsafeUninitializedCapacity: 32) { text in
            for index in 0..<16 {
                text[index] = hexDigit(high >> (60 - 4 * UInt64(index)))
                text[16 + index] = hexDigit(low >> (60 - 4 * UInt64(index)))
            }
            return 32
        }
    }

    private static func hexDigit(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value & 15)
        return nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`, read from requests and echoed in answers.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
