import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Every route of the router, read from the router itself (so a route added later is walked too), is registered
/// with an access, and every route needing a scope refuses callers without it before its handler runs.
@Suite struct RouteAccessTests {
    /// Values that make each path parameter well-formed, so a refusal cannot come from the path.
    static let parameterValues = [
        "property": "demo", "subject": "someone", "visitor": "av_" + String(repeating: "ab", count: 16), "purpose": "analytics",
        "locale": "en", "version": "1", "string": "CQSbk4AQ",
    ]

    static func concrete(_ route: Router<AccordRequestContext>.RouteDescription) -> String {
        "/"
            + route.path.components.map { component in
                let text = component.description
                let name = text.trimmingCharacters(in: CharacterSet(charactersIn: "{}:"))
                return name == text ? text : parameterValues[name] ?? "x"
            }.joined(separator: "/")
    }

    @Test func everyRouteIsRegisteredWithAnAccessAndTheAdminPathsNeedTheAdminScope() async throws {
        let test = try await TestApplication.make()
        let (router, access) = buildRoutes(services: test.services)
        #expect(router.routes.count >= 40)
        for route in router.routes {
            let granted = access.access(route.method, route.path)
            #expect(granted != nil, "\(route) is registered outside the access groups (RouteGroups)")
            let path = route.path.components.map(\.description)
            if path.starts(with: ["v1", "admin"]) { #expect(granted == .scope(.admin), "\(route)") }
        }
    }

    @Test(arguments: [APIKey.Scope.admin, .consentsRead, .consentsWrite, .metricsRead])
    func everyScopedRouteRefusesNoKeyAndAKeyWithoutItsScope(_ scope: APIKey.Scope) async throws {
        let test = try await TestApplication.make()
        let (router, access) = buildRoutes(services: test.services)
        let routes = router.routes.filter { access.access($0.method, $0.path) == .scope(scope) }
            .map { (method: $0.method, path: Self.concrete($0), pattern: "\($0)") }
        let minimum = [APIKey.Scope.admin: 20, .consentsRead: 5, .consentsWrite: 2, .metricsRead: 1][scope]!
        #expect(routes.count >= minimum, "\(scope): \(routes)")
        // The admin scope allows everything, so the key that lacks a scope is always one of the two others.
        let lacking = try await test.key(scope == .consentsRead ? [.consentsWrite] : [.consentsRead])
        try await test.application.test(.router) { client in
            for (method, path, route) in routes {
                let anonymous = try await client.send(method, path)
                #expect(anonymous.status == .unauthorized, "\(route)")
                #expect(anonymous.body.errorCode == "unauthorized", "\(route)")
                #expect(
                    anonymous.body.error?["message"] as? String
                        == "a valid API key is required: Authorization: Bearer <key>", "\(route)")
                let wrong = try await client.send(method, path, headers: bearer(lacking))
                #expect(wrong.status == .forbidden, "\(route)")
                #expect(wrong.body.errorCode == "forbidden", "\(route)")
                #expect(wrong.body.error?["message"] as? String == "the API key lacks the scope \(scope.rawValue)", "\(route)")
            }
        }
    }
}
