import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Every console route, read from the router, refuses whom it must before its handler runs: no session goes to
/// the sign-in page, a role without the route's capability gets 403, a role with it reaches the handler.
@Suite struct ConsoleAccessTests {
    static let capabilities: [ConsoleCapability] = [.view, .subjects, .requests, .configure, .administer]

    @Test func consoleRoutesAreRegisteredInTheConsoleGroups() async throws {
        let test = try await ConsoleTestApp.make()
        let (router, access) = buildRoutes(services: test.services)
        let open: Set<String> = ["/console/login", "/console/setup", "/console/console.css"]
        for route in router.routes where route.path.components.first?.description == "console" {
            let path = "/" + route.path.components.map(\.description).joined(separator: "/")
            let granted = access.access(route.method, route.path)
            if open.contains(path) {
                #expect(granted == .open, "\(route)")
            } else {
                guard case .console = granted else {
                    Issue.record("\(route) is not in a console group")
                    continue
                }
            }
        }
    }

    @Test(arguments: ConsoleRole.allCases)
    func eachRoleReachesExactlyTheRoutesItsRoleGrants(_ role: ConsoleRole) async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(role)
        let (router, access) = buildRoutes(services: test.services)
        let routes = router.routes.compactMap { route -> (HTTPRequest.Method, String, ConsoleCapability)? in
            guard case .console(let capability) = access.access(route.method, route.path) else { return nil }
            return (route.method, RouteAccessTests.concrete(route), capability)
        }
        #expect(routes.count >= 11)
        try await test.application.test(.router) { client in
            var anonymous = ConsoleBrowser()
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            for (method, path, capability) in routes where method != .head {
                let refused = try await anonymous.send(client, method, path, form: method == .post ? [] : nil)
                #expect(refused.status == .seeOther, "\(method) \(path)")
                #expect(refused.headers[.location] == "/console/login", "\(method) \(path)")
                // Without a CSRF token: a POST the role may make reaches its handler, which refuses the form.
                let page = try await browser.send(client, method, path, form: method == .post ? [] : nil)
                if role.grants(capability) {
                    #expect(!page.body.contains("Not allowed"), "\(role) \(method) \(path)")
                    if method == .post { #expect(page.body.contains("Form expired"), "\(role) \(method) \(path)") }
                } else {
                    #expect(page.status == .forbidden, "\(role) \(method) \(path)")
                    #expect(page.body.contains("Not allowed"), "\(role) \(method) \(path)")
                }
            }
        }
    }

    @Test func auditorsEditIsRefusedAndNothingChanges() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.auditor)
        let before = try await test.services.store.property("demo")
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            #expect(page.status == .ok)
            #expect(page.body.contains("readonly"))
            #expect(!page.body.contains("Save analytics"))
            let edit = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics",
                form: [("csrf", page.csrf ?? ""), ("name", "Changed"), ("description", "Changed"), ("etag", "x")])
            #expect(edit.status == .forbidden)
        }
        #expect(try await test.services.store.property("demo") == before)
    }
}
