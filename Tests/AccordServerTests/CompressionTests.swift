import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordServer

@Suite struct CompressionTests {
    @Test(arguments: [
        ("gzip", true), ("deflate, gzip;q=0.5", true), ("br, x-gzip", true), ("*", true), ("gzip;q=0", false),
        ("gzip; q=0.000, *", false), ("identity", false), ("*;q=0, gzip;q=0.1", true), ("br", false),
    ])
    func acceptEncodingIsReadAsRFC9110Says(header: String, accepts: Bool) {
        #expect(CompressedBody.acceptsGzip(header) == accepts, "\(header)")
        #expect(!CompressedBody.acceptsGzip(nil))
    }

    @Test func smallBodiesStayAsTheyAreLargeOnesAreGzippedWithTheirOwnTag() throws {
        #expect(CompressedBody(ByteBuffer(string: "{}")).gzip == nil)
        let text = String(repeating: "Accord keeps consent. ", count: 200)
        let body = CompressedBody(ByteBuffer(string: text))
        var gzip = try #require(body.gzip)
        #expect(gzip.readableBytes * 10 < text.utf8.count)
        #expect(body.gzipTag != body.identityTag)
        let restored = try gzip.decompress(with: .gzip())
        #expect(String(buffer: restored) == text)
    }

    /// Over a real socket: what a browser and an uptime check see.
    @Test func sdkIsServedGzippedWhereAcceptedAndAnswersHEAD() async throws {
        let app = try await TestApplication.make().application
        try await app.test(.live) { client in
            let plain = try await client.execute(uri: "/sdk/accord.js", method: .get) { $0 }
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary] == "Accept-Encoding")
            let zipped = try await client.execute(uri: "/sdk/accord.js", method: .get, headers: [.acceptEncoding: "gzip, br"]) { $0 }
            #expect(zipped.headers[.contentEncoding] == "gzip")
            var compressed = zipped.body
            #expect(compressed.readableBytes * 2 < plain.body.readableBytes)
            #expect(try compressed.decompress(with: .gzip()) == plain.body)
            let tag = try #require(zipped.headers[.eTag])
            #expect(tag != plain.headers[.eTag])
            let cached = try await client.execute(
                uri: "/sdk/accord.js", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: tag]
            ) { $0 }
            #expect(cached.status == .notModified)
            let head = try await client.execute(uri: "/sdk/accord.js", method: .head) { $0 }
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(plain.body.readableBytes))
            #expect(head.headers[.eTag] == plain.headers[.eTag])
            let module = try await client.execute(uri: "/sdk/accord-tcf.js", method: .head, headers: [.acceptEncoding: "gzip"]) { $0 }
            #expect(module.status == .ok && module.headers[.contentEncoding] == "gzip")
        }
    }
}
