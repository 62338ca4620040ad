import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AccordServer

@Suite struct RequestLogTests {
    static let requestID = HTTPField.Name("X-Request-Id")!

    /// Lines a `JSONLogHandler` wrote, parsed.
    final class CapturedLines: Sendable {
        private let lines = Mutex<[[UInt8]]>([])
        var write: @Sendable ([UInt8]) -> Void { { bytes in self.lines.withLock { $0.append(bytes) } } }
        var raw: [String] { lines.withLock { $0.map { String(decoding: $0, as: UTF8.self) } } }
        var objects: [[String: Any]] {
            raw.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    @Test func aWellFormedRequestIdIsEchoedAndOthersAreReplaced() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let given = try await client.send(.get, "/health", headers: [Self.requestID: "trace-42.a:b_C"])
            #expect(given.headers[Self.requestID] == "trace-42.a:b_C")
            let none = try await client.send(.get, "/health")
            let generated = try #require(none.headers[Self.requestID])
            #expect(generated.count == 32 && generated.allSatisfy(\.isHexDigit))
            // An e-mail address, a space or an overlong value is never echoed (nor logged): a new id replaces it.
            for bad in ["someone@example.com", "two words", String(repeating: "a", count: 129)] {
                let answer = try await client.send(.get, "/health", headers: [Self.requestID: bad])
                #expect(answer.headers[Self.requestID] != bad)
                #expect(answer.headers[Self.requestID]?.count == 32)
            }
            // Error answers carry it too.
            let missing = try await client.send(.get, "/no/such/route", headers: [Self.requestID: "lost-1"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[Self.requestID] == "lost-1")
        }
    }

    @Test func jsonLinesCarryTimeLevelMessageRequestIdRouteAndMetadata() throws {
        let captured = CapturedLines()
        var logger = Logger(label: "accord") { JSONLogHandler(label: $0, write: captured.write) }
        logger[metadataKey: "request_id"] = "r-1"
        logger.warning("request failed", metadata: ["accord.route": "/v1/properties/{property}/consents", "accord.error": "X"])
        let line = try #require(captured.raw.first)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(captured.objects.first)
        #expect(object["level"] as? String == "warning")
        #expect(object["message"] as? String == "request failed")
        #expect(object["request_id"] as? String == "r-1")
        #expect(object["route"] as? String == "/v1/properties/{property}/consents")
        #expect((object["metadata"] as? [String: String]) == ["accord.error": "X"])
        #expect((object["time"] as? String).flatMap(Date.init(rfc3339:)) != nil)
    }

    @Test func requestLinesNameTheRoutePatternAndRequestIdButNoSubject() async throws {
        let captured = CapturedLines()
        var logger = Logger(label: "accord") { JSONLogHandler(label: $0, write: captured.write) }
        logger.logLevel = .debug
        let test = try await TestApplication.make()
        let subject = visitor(777)
        try await buildApplication(services: test.services, logger: logger).test(.router) { client in
            var headers = localOrigin
            headers[Self.requestID] = "write-1"
            let written = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(subject)","choices":{"analytics":"granted"}}"#,
                headers: headers)
            #expect(written.status == .created)
        }
        let request = try #require(captured.objects.first { $0["message"] as? String == "request" && $0["request_id"] as? String == "write-1" })
        #expect(request["route"] as? String == "/v1/properties/{property}/consents")
        #expect((request["metadata"] as? [String: String])?["accord.status"] == "201")
        #expect(!captured.raw.contains { $0.contains(subject) })
    }
}
