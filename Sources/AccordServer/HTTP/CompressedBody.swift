import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A response body kept as is and gzipped, with an entity tag for each: the SDK, its TCF module and the
/// vendor layer are fetched by every visitor and shrink three to ten times, which matters most on the
/// mobile connections a banner must not slow down. Compressed once, when the body is made.
struct CompressedBody: Sendable {
    let identity: ByteBuffer
    let gzip: ByteBuffer?
    let identityTag: String
    let gzipTag: String

    /// Bodies under this size are sent as they are: the gzip header and the CPU outweigh the saving.
    static let minimumBytes = 1_024

    init(_ body: ByteBuffer) {
        identity = body
        identityTag = EntityTag.strong(for: body.readableBytesView)
        // Each coding is its own representation, so it gets its own strong tag (RFC 9110, section 8.8.3).
        gzipTag = String(identityTag.dropLast()) + "-gzip\""
        guard body.readableBytes >= Self.minimumBytes else {
            gzip = nil
            return
        }
        var input = body
        let compressed = try? input.compress(with: .gzip(configuration: .init(compressionLevel: 9)))
        gzip = compressed.flatMap { $0.readableBytes < body.readableBytes ? $0 : nil }
    }

    /// The body in the coding the client accepts, or 304 when it holds that representation already.
    func response(_ request: Request, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.vary] = headers[.vary].map { "\($0), Accept-Encoding" } ?? "Accept-Encoding"
        let useGzip = gzip != nil && Self.acceptsGzip(request.headers[.acceptEncoding])
        let tag = useGzip ? gzipTag : identityTag
        headers[.eTag] = tag
        if EntityTag.matches(request, tag: tag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        if useGzip, let gzip {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzip))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: identity))
    }

    /// Whether `Accept-Encoding` admits gzip: named (or `*`) with a quality above zero (RFC 9110, section 12.5.3).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var wildcard = false
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            guard let coding = parts.first else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { return quality > 0 }
            if coding == "*" { wildcard = quality > 0 }
        }
        return wildcard
    }
}
