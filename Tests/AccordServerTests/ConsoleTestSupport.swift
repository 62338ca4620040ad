import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

@testable import AccordServer

/// A clock the console tests move by hand, so session timeouts and lockouts are tested without waiting.
final class TestClock: Sendable {
    private let time = Mutex(Date())
    var now: Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var reading: @Sendable () -> Date { { self.now } }
}

/// An application for console tests: an in-memory store, a movable clock and bcrypt at cost 4 (the production cost,
/// 12, is checked once in `ConsoleAccountsTests`; here it would only make every sign-in slow).
struct ConsoleTestApp {
    let services: AccordServices
    let clock: TestClock

    static func make(settings: [String: ConfigContent] = [:]) async throws -> ConsoleTestApp {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in settings {
            values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(value, isSecret: false)
        }
        let clock = TestClock()
        let services = try await AccordServices.bootstrap(
            store: InMemoryConsentStore(), settings: ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: values))),
            now: clock.reading, bcryptCost: 4)
        return ConsoleTestApp(services: services, clock: clock)
    }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "accord-console-test")
        logger.logLevel = .warning
        return buildApplication(services: services, logger: logger)
    }

    static let password = "correct horse battery staple"

    /// Creates a user with a password, as `accord users create --password-stdin` does; returns the address.
    @discardableResult
    func user(_ role: ConsoleRole, email: String? = nil) async throws -> String {
        let email = email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        _ = try await services.accounts.create(email: email, role: role, password: Self.password, by: "test")
        return email
    }
}

/// What a browser keeps between requests: its cookies.
struct ConsoleBrowser {
    var cookies: [String: String] = [:]

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        /// The first form's CSRF token on the page.
        var csrf: String? {
            body.firstMatch(of: #/name="csrf" value="([^"]+)"/#).map { String($0.output.1) }
        }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    mutating func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, form: [(String, String)]? = nil
    ) async throws -> Page {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            body = ByteBuffer(
                string: form.map {
                    "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
                }.joined(separator: "&"))
        }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        for cookie in page.setCookies {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || cookie.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    /// Signs in through the form, as a person would: open it, then post it with its token.
    @discardableResult
    mutating func signIn(_ client: some TestClientProtocol, _ email: String, password: String = ConsoleTestApp.password)
        async throws -> Page
    {
        let form = try await send(client, .get, "/console/login")
        return try await send(
            client, .post, "/console/login", form: [("csrf", form.csrf ?? ""), ("email", email), ("password", password)])
    }
}
