import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The routes browsers call all run behind one CORS middleware: walked from the router, so a browser route added
/// later is held to the same rule.
@Suite struct BrowserRoutesTests {
    func browserRoutes(_ services: AccordServices) -> [(method: HTTPRequest.Method, path: String, pattern: String)] {
        let (router, access) = buildRoutes(services: services)
        return router.routes.filter { access.access($0.method, $0.path) == .browser }
            .map { ($0.method, RouteAccessTests.concrete($0), "\($0)") }
    }

    @Test func everyBrowserRouteAnswersAnAllowedOriginAndRefusesAForeignOne() async throws {
        let test = try await TestApplication.make()
        let routes = browserRoutes(test.services)
        #expect(routes.count >= 8, "\(routes.map(\.pattern))")
        try await test.application.test(.router) { client in
            for (method, path, pattern) in routes {
                let allowed = try await client.send(method, path, headers: localOrigin)
                #expect(allowed.headers[.accessControlAllowOrigin] == "http://localhost:3000", "\(pattern): \(allowed.status)")
                #expect(allowed.headers[.vary]?.hasPrefix("Origin") == true, "\(pattern)")
                let foreign = try await client.send(method, path, headers: [.origin: "https://elsewhere.example"])
                #expect(foreign.status == .forbidden, "\(pattern)")
                #expect(foreign.body.errorCode == "origin_not_allowed", "\(pattern)")
                #expect(foreign.headers[.accessControlAllowOrigin] == nil, "\(pattern)")
            }
        }
    }

    /// The experience of a property never published is a 404 the SDK can read, like every browser route's errors.
    @Test func anUnpublishedPropertysExperienceRefusesWithTheCORSHeaders() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let draft = #"{"id":"draft","name":"Draft","allowedOrigins":["https://shop.example"],"purposes":[]}"#
            let created = try await client.send(.post, "/v1/admin/properties", json: draft, headers: bearer(test.adminKey))
            #expect(created.status == .created)
            let answer = try await client.send(
                .get, "/v1/properties/draft/experience", headers: [.origin: "https://shop.example"])
            #expect(answer.status == .notFound)
            #expect(answer.body.errorCode == "property_not_published")
            #expect(answer.headers[.accessControlAllowOrigin] == "https://shop.example")
            #expect(answer.headers[.vary] == "Origin")
        }
    }

    @Test func preflightsNameWhatTheRouteAcceptsAndNoRateLimitCountsThem() async throws {
        let test = try await TestApplication.make(settings: ["rateLimit.readsPerMinute": .int(1), "rateLimit.readsBurst": .int(1)])
        try await test.application.test(.router) { client in
            for _ in 0..<3 {
                let encode = try await client.send(.options, "/v1/properties/demo/tcf/encode", headers: localOrigin)
                #expect(encode.status == .noContent)
                #expect(encode.headers[.accessControlAllowMethods] == "POST, OPTIONS")
                #expect(encode.headers[.accessControlAllowHeaders] == "Content-Type")
                #expect(encode.headers[.accessControlMaxAge] == "600")
                #expect(encode.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            }
            let consents = try await client.send(.options, "/v1/properties/demo/consents", headers: localOrigin)
            #expect(consents.headers[.accessControlAllowHeaders] == "Content-Type, Idempotency-Key")
        }
    }
}
