import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let secGPC = HTTPField.Name("Sec-GPC")!
}

/// Strong entity tags over a body's bytes, and the `If-None-Match` comparison that answers 304.
enum EntityTag {
    /// A quoted strong tag: the first 128 bits of the body's SHA-256.
    static func strong(for bytes: some Sequence<UInt8>) -> String {
        "\"" + ContentDigest.sha256Hex(bytes).prefix(32) + "\""
    }

    /// Whether the request's `If-None-Match` names `tag` (or `*`); weak comparison, as RFC 9110 asks for GET.
    static func matches(_ request: Request, tag: String) -> Bool {
        guard let header = request.headers[.ifNoneMatch] else { return false }
        let bare = tag.replacingOccurrences(of: "W/", with: "")
        return header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed.replacingOccurrences(of: "W/", with: "") == bare
        }
    }

    /// The body with its tag, or 304 with the same headers when the client already holds it.
    static func response(_ request: Request, body: ByteBuffer, headers: HTTPFields) -> Response {
        let tag = strong(for: body.readableBytesView)
        var headers = headers
        headers[.eTag] = tag
        if matches(request, tag: tag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
