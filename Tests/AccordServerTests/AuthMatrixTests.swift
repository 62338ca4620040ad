import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordServer

/// The auth matrix (issue 17 §4): every route of the router (read from the router, so a route added later is walked
/// without editing this test) is called with every kind of credential, and each answer is the outcome its access
/// group and the credential call for. Any allow the matrix does not expect fails, as does any refusal of a caller
/// who should pass. The walk also checks the security headers of every answer (§5).
@Suite struct AuthMatrixTests {
    /// One way of calling: what a caller presents.
    enum Credential: Hashable, CustomStringConvertible {
        case none, malformedKey, unknownKey, revokedKey
        case key(APIKey.Scope)
        case session(ConsoleRole)
        /// An owner's session, but its POSTs carry no CSRF token.
        case sessionWithoutCSRF

        static let all: [Credential] =
            [.none, .malformedKey, .unknownKey, .revokedKey]
            + [APIKey.Scope.admin, .consentsRead, .consentsWrite, .metricsRead].map(Credential.key)
            + ConsoleRole.allCases.map(Credential.session) + [.sessionWithoutCSRF]

        var description: String {
            switch self {
            case .none: "no credential"
            case .malformedKey: "a malformed key"
            case .unknownKey: "an unknown key"
            case .revokedKey: "a revoked key"
            case .key(let scope): "a \(scope.rawValue) key"
            case .session(let role): "a \(role.rawValue) session"
            case .sessionWithoutCSRF: "an owner session without CSRF token"
            }
        }
    }

    /// What the caller must get.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Past the access check: the handler answers (any status it chooses, but never 401, 403 or a sign-in redirect).
        case reachesHandler
        case unauthorized
        case forbidden
        /// The console's answer to no live session: 303 to the sign-in page.
        case signIn
        /// The console's 403 page for a form without its token.
        case formExpired
        /// Open routes check their own forms: only "never a 5xx" is asserted.
        case anything

        var description: String {
            switch self {
            case .reachesHandler: "the handler"
            case .unauthorized: "401"
            case .forbidden: "403"
            case .signIn: "303 to /console/login"
            case .formExpired: "403 Form expired"
            case .anything: "no 5xx"
            }
        }
    }

    /// The expected outcome of calling a route of this access with this credential.
    static func expected(_ access: RouteAccess, method: HTTPRequest.Method, credential: Credential) -> Outcome {
        let badKey = [Credential.malformedKey, .unknownKey, .revokedKey].contains(credential)
        switch access {
        case .open:
            // A presented key that is not valid is refused everywhere, so a misconfigured client notices.
            return badKey ? .unauthorized : .anything
        case .browser:
            if badKey { return .unauthorized }
            // A keyed write is a server's: it needs consents:write (admin includes it).
            if method == .post, case .key(let scope) = credential, scope != .admin, scope != .consentsWrite { return .forbidden }
            return .anything
        case .scope(let needed):
            switch credential {
            case .key(let scope): return scope == needed || scope == .admin ? .reachesHandler : .forbidden
            default: return .unauthorized
            }
        case .console(let capability):
            switch credential {
            case .malformedKey, .unknownKey, .revokedKey: return .unauthorized
            case .none, .key: return .signIn
            case .session(let role): return role.grants(capability) ? .reachesHandler : .forbidden
            case .sessionWithoutCSRF: return method == .post ? .formExpired : .reachesHandler
            }
        }
    }

    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
    }

    static func check(_ answer: Answer, _ outcome: Outcome, _ label: String) {
        #expect(answer.status.code < 500, "\(label): \(answer.status) \(answer.body.prefix(200))")
        switch outcome {
        case .reachesHandler:
            #expect(
                ![401, 403].contains(answer.status.code) && answer.headers[.location] != "/console/login",
                "\(label): refused with \(answer.status) \(answer.body.prefix(200))")
        case .unauthorized:
            #expect(answer.status == .unauthorized, "\(label): \(answer.status) \(answer.body.prefix(200))")
        case .forbidden:
            #expect(answer.status == .forbidden, "\(label): \(answer.status) \(answer.body.prefix(200))")
        case .signIn:
            #expect(answer.status == .seeOther && answer.headers[.location] == "/console/login", "\(label): \(answer.status)")
        case .formExpired:
            #expect(answer.status == .forbidden && answer.body.contains("Form expired"), "\(label): \(answer.status)")
        case .anything:
            break
        }
        if outcome != .reachesHandler && outcome != .anything {
            #expect(!(200..<300).contains(answer.status.code), "\(label): allowed without its credential")
        }
        // §5: nosniff on every answer; the HTML security headers on every page; no caching of subject data.
        #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(label): no nosniff")
        if answer.headers[.contentType]?.hasPrefix("text/html") == true {
            #expect(answer.headers[.contentSecurityPolicy] != nil, "\(label): HTML without Content-Security-Policy")
            #expect(answer.headers[.referrerPolicy] != nil, "\(label): HTML without Referrer-Policy")
            let policy = answer.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("frame-ancestors"), "\(label): the page does not say who may frame it")
        }
    }

    /// Whether a route's successful answer carries subject data, which no cache may keep.
    static func carriesSubjectData(_ pattern: String) -> Bool {
        ["{subject}", "{visitor}", ":subject", ":visitor", "/consents", "/console/subjects", "/preferences"]
            .contains { pattern.contains($0) } || pattern.hasSuffix("/check")
    }

    @Test func everyRouteAnswersEachCredentialAsItsAccessRequires() async throws {
        let test = try await ConsoleTestApp.make(settings: [
            "rateLimit.failedKeysPerMinute": .int(1_000_000), "rateLimit.consentsPerMinute": .int(1_000_000),
            "rateLimit.consentsBurst": .int(1_000_000), "rateLimit.readsPerMinute": .int(1_000_000),
            "rateLimit.readsBurst": .int(1_000_000),
        ])
        var keyTokens: [APIKey.Scope: String] = [:]
        for scope in [APIKey.Scope.admin, .consentsRead, .consentsWrite, .metricsRead] {
            let (token, key) = APIKey.generate(name: "matrix", scopes: [scope], at: Date())
            try await test.services.store.saveAPIKey(key)
            keyTokens[scope] = token
        }
        let keys = keyTokens
        let (revoked, revokedKey) = APIKey.generate(name: "revoked", scopes: [.admin], at: Date())
        try await test.services.store.saveAPIKey(revokedKey)
        _ = try await test.services.store.revokeAPIKeys(prefix: revokedKey.prefix)
        let (unknown, _) = APIKey.generate(name: "never stored", scopes: [.admin], at: Date())
        var addresses: [ConsoleRole: String] = [:]
        for role in ConsoleRole.allCases { addresses[role] = try await test.user(role) }
        let emails = addresses

        let (router, access) = buildRoutes(services: test.services)
        // Signing out ends the session the later routes need: walked last.
        let routes = router.routes.filter { $0.method != .head }
            .map {
                (
                    method: $0.method, path: RouteAccessTests.concrete($0),
                    pattern: "\($0.method) /\($0.path.components.map(\.description).joined(separator: "/"))",
                    access: access.access($0.method, $0.path)
                )
            }
            .sorted { ($0.path.hasSuffix("/logout") ? 1 : 0) < ($1.path.hasSuffix("/logout") ? 1 : 0) }
        #expect(routes.count >= 60)
        try await test.application.test(.router) { client in
            var browsers: [ConsoleRole: ConsoleBrowser] = [:]
            var tokens: [ConsoleRole: String] = [:]
            for role in ConsoleRole.allCases {
                var browser = ConsoleBrowser()
                try await browser.signIn(client, emails[role]!)
                let home = try await browser.send(client, .get, "/console/account")
                tokens[role] = home.csrf
                #expect(home.csrf != nil, "no CSRF token for \(role)")
                browsers[role] = browser
            }
            for route in routes {
                guard let routeAccess = route.access else {
                    Issue.record("\(route.pattern) is registered outside the access groups")
                    continue
                }
                // Signing out answers 303 to the sign-in page, like a refusal: the session without its token goes
                // first (it must be refused while the owner's session is still live), then each role signs out.
                let signOut = route.path == "/console/logout"
                let credentials = signOut ? [.sessionWithoutCSRF] + Credential.all.filter { $0 != .sessionWithoutCSRF } : Credential.all
                for credential in credentials {
                    var outcome = Self.expected(routeAccess, method: route.method, credential: credential)
                    if signOut, case .session = credential { outcome = .signIn }
                    var headers: HTTPFields = [:]
                    var form: [(String, String)]?
                    var cookieRole: ConsoleRole?
                    switch credential {
                    case .none: break
                    case .malformedKey: headers[.authorization] = "Bearer not a key"
                    case .unknownKey: headers[.authorization] = "Bearer \(unknown)"
                    case .revokedKey: headers[.authorization] = "Bearer \(revoked)"
                    case .key(let scope): headers[.authorization] = "Bearer \(keys[scope]!)"
                    case .session(let role):
                        cookieRole = role
                        if route.method == .post { form = [("csrf", tokens[role] ?? "")] }
                    case .sessionWithoutCSRF:
                        cookieRole = .owner
                        if route.method == .post { form = [] }
                    }
                    if let role = cookieRole {
                        headers[.cookie] = browsers[role]!.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                    }
                    let isConsole = route.path.hasPrefix("/console")
                    var body: ByteBuffer?
                    if let form, isConsole {
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        body = ByteBuffer(string: form.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))
                    } else if [.post, .put, .patch].contains(route.method) {
                        headers[.contentType] = "application/json"
                        body = ByteBuffer(string: "{}")
                    }
                    let answer = try await client.execute(uri: route.path, method: route.method, headers: headers, body: body) {
                        Answer(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
                    }
                    let label = "\(route.pattern) with \(credential) (expected \(outcome))"
                    Self.check(answer, outcome, label)
                    if (200..<300).contains(answer.status.code) && Self.carriesSubjectData(route.pattern) && route.method == .get {
                        #expect(answer.headers[.cacheControl]?.contains("no-store") == true, "\(label): subject data without no-store")
                    }
                }
            }
        }
    }

    /// A session past its idle timeout is no session: every console route sends it to the sign-in page.
    @Test func anExpiredSessionIsSentToSignInOnEveryConsoleRoute() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.owner)
        let (router, access) = buildRoutes(services: test.services)
        let routes = router.routes.filter {
            guard case .console = access.access($0.method, $0.path) else { return false }
            return $0.method != .head
        }.map { (method: $0.method, path: RouteAccessTests.concrete($0), pattern: "\($0)") }
        #expect(routes.count >= 11)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            let page = try await browser.send(client, .get, "/console/account")
            #expect(page.status == .ok)
            test.clock.advance(ConsoleSession.idleTimeout + 1)
            for route in routes {
                var copy = browser
                let answer = try await copy.send(
                    client, route.method, route.path, form: route.method == .post ? [("csrf", page.csrf ?? "")] : nil)
                #expect(answer.status == .seeOther && answer.headers[.location] == "/console/login", "\(route.pattern) with an expired session")
            }
        }
    }

    /// The public routes answer CORS as the property's origins say: an allowed origin gets the headers, a foreign
    /// one does not, and a write from a foreign origin is refused.
    @Test func publicRoutesApplyThePropertysOrigins() async throws {
        let test = try await ConsoleTestApp.make()
        let (router, access) = buildRoutes(services: test.services)
        let routes = router.routes.filter { access.access($0.method, $0.path) == .browser && $0.method != .head && $0.method != .options }
            .map { (method: $0.method, path: RouteAccessTests.concrete($0), pattern: "\($0)") }
        #expect(routes.count >= 5)
        try await test.application.test(.router) { client in
            for route in routes {
                let path = route.path
                let body = route.method == .post ? ByteBuffer(string: "{}") : nil
                let json: HTTPFields = route.method == .post ? [.contentType: "application/json"] : [:]
                var allowedHeaders = json
                allowedHeaders[.origin] = "http://localhost:3000"
                let allowed = try await client.execute(uri: path, method: route.method, headers: allowedHeaders, body: body) { $0 }
                #expect(allowed.headers[.accessControlAllowOrigin] == "http://localhost:3000", "\(route.pattern) from an allowed origin")
                var foreignHeaders = json
                foreignHeaders[.origin] = "https://attacker.example"
                let foreign = try await client.execute(uri: path, method: route.method, headers: foreignHeaders, body: body) { $0 }
                #expect(foreign.headers[.accessControlAllowOrigin] == nil, "\(route.pattern) from a foreign origin")
                if route.method == .post { #expect(foreign.status == .forbidden, "\(route.pattern): a write from a foreign origin") }
            }
        }
    }
}
