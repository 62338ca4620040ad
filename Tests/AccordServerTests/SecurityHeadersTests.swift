import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Browser security headers on every route: the routes are read from the router, so a page added later is
/// checked without being listed here.
@Suite struct SecurityHeadersTests {
    /// Values that make each path parameter valid enough for the handler to answer with its real content type.
    static let parameterValues = [
        "property": "demo", "subject": "someone", "visitor": "av_" + String(repeating: "ab", count: 16), "purpose": "analytics",
        "locale": "en", "version": "1", "string": "CQSbk4AQ",
    ]

    /// Every GET route with its parameters filled in, as (route pattern, concrete path).
    func getRoutes(_ services: AccordServices) -> [(pattern: String, path: String)] {
        buildRouter(services: services).routes.filter { $0.method == .get }.map { route in
            let components = route.path.components.map(\.description)
            // A parameter reads `{name}` (or `:name`).
            let path = components.map { component in
                let name = component.trimmingCharacters(in: CharacterSet(charactersIn: "{}:"))
                return name == component ? component : Self.parameterValues[name] ?? "x"
            }
            return ("/" + components.joined(separator: "/"), "/" + path.joined(separator: "/"))
        }
    }

    /// `style-src 'self' 'nonce-abc'` → `abc`.
    static func nonce(in policy: String) -> String? {
        guard let range = policy.range(of: #"'nonce-([A-Za-z0-9+/_=-]+)'"#, options: .regularExpression) else { return nil }
        return String(policy[range].dropFirst(7).dropLast())
    }

    /// The inline code a CSP without 'unsafe-inline' would block: `<script>` or `<style>` without the nonce,
    /// `style` attributes and `on...=` handlers.
    static func blockedInlineCode(_ html: String, nonce: String?) -> [String] {
        let tags = html.matches(of: #/<[a-zA-Z][^>]*>/#).map { String($0.output) }
        return tags.filter { tag in
            let lower = tag.lowercased()
            if lower.contains(#/\s(style|on[a-z]+)\s*=/#) { return true }
            let inline = (lower.hasPrefix("<script") && !lower.contains(" src=")) || lower.hasPrefix("<style")
            return inline && (nonce == nil || !tag.contains(#"nonce="\#(nonce!)""#))
        }
    }

    @Test func everyHTMLPageCarriesItsPolicyAndEveryResponseNosniff() async throws {
        let test = try await TestApplication.make()
        let routes = getRoutes(test.services)
        let pages = try await test.application.test(.router) { client in
            var pages: [String: String] = [:]
            for (pattern, path) in routes {
                let policy = try await client.execute(uri: path, method: .get) { response -> String? in
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(pattern)")
                    #expect(response.headers[.strictTransportSecurity] == nil, "\(pattern): the public URL is http")
                    guard response.headers[.contentType]?.hasPrefix("text/html") == true else { return nil }
                    let policy = try #require(response.headers[.contentSecurityPolicy], "\(pattern)")
                    #expect(policy.hasPrefix("default-src 'none'"), "\(pattern)")
                    #expect(!policy.contains("unsafe"), "\(pattern)")
                    #expect(policy.contains("base-uri 'none'"), "\(pattern)")
                    // An unsubscribe link's token is a credential: its pages leak no referrer at all.
                    let referrer = pattern.hasPrefix("/p/{property}/unsubscribe/") ? "no-referrer" : "same-origin"
                    #expect(response.headers[.referrerPolicy] == referrer, "\(pattern)")
                    let html = String(buffer: response.body)
                    #expect(Self.blockedInlineCode(html, nonce: Self.nonce(in: policy)) == [], "\(pattern)")
                    return policy
                }
                if let policy { pages[pattern] = policy }
            }
            return pages
        }
        #expect(Set(pages.keys).isSuperset(of: ["/demo", "/demo/video", "/p/{property}/preferences"]), "\(pages.keys)")
        #expect(pages["/demo"]?.contains("frame-ancestors 'none'") == true)
        #expect(pages["/demo/video"]?.hasSuffix("frame-ancestors 'self'") == true, "the demo frames its video")
        // The demo property's loopback origins, less http://[::1]:*, which CSP cannot express.
        #expect(
            pages["/p/{property}/preferences"]?.hasSuffix(
                "frame-ancestors http://localhost:* http://127.0.0.1:* https://localhost:* https://127.0.0.1:*") == true)
    }

    @Test func noncesAreFreshForEveryResponse() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            var nonces: Set<String> = []
            for path in ["/demo", "/demo", "/p/demo/preferences", "/p/demo/preferences"] {
                let policy = try await client.execute(uri: path, method: .get) { $0.headers[.contentSecurityPolicy] ?? "" }
                nonces.insert(try #require(Self.nonce(in: policy)))
            }
            #expect(nonces.count == 4)
        }
    }

    @Test func errorsAndLinkPagesKeepTheirHeaders() async throws {
        let test = try await TestApplication.make(settings: ["http.publicUrl": .string("https://consent.example")])
        try await test.application.test(.router) { client in
            let missing = try await client.send(.get, "/no/such/route")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.xContentTypeOptions] == "nosniff")
            #expect(missing.headers[.strictTransportSecurity] == "max-age=31536000")
            let refused = try await client.send(.post, "/v1/properties/demo/consents", json: "{", headers: localOrigin)
            #expect(refused.status == .badRequest)
            #expect(refused.headers[.xContentTypeOptions] == "nosniff")
            // A page whose URL holds a credential keeps its stricter referrer policy; HTML without a policy is locked down.
            let link = try await client.send(.get, "/p/demo/preferences?link=not-a-link")
            #expect(link.status == .forbidden)
            #expect(link.headers[.referrerPolicy] == "no-referrer")
            #expect(link.headers[.contentSecurityPolicy] == ContentSecurityPolicy.lockedDown.headerValue)
            #expect(link.headers[.strictTransportSecurity] == "max-age=31536000")
            let page = try await client.send(.get, "/p/demo/preferences")
            #expect(page.headers[.strictTransportSecurity] == "max-age=31536000")
        }
    }

    @Test func frameAncestorsAreTheOriginsCSPCanExpress() {
        let ancestors = ContentSecurityPolicy.frameAncestors(allowing: [
            "https://shop.example", "https://*.example.com", "http://localhost:*", "http://shop.example:8080", "http://[::1]:8080",
        ])
        #expect(
            ancestors == .sources(["https://shop.example", "https://*.example.com", "http://localhost:*", "http://shop.example:8080"]))
        #expect(
            ContentSecurityPolicy(nonce: nil, frameAncestors: ContentSecurityPolicy.frameAncestors(allowing: ["http://[::1]:*"]))
                .headerValue.hasSuffix("frame-ancestors 'none'"))
    }

    /// The SDK builds its banner with innerHTML: markup with a style attribute or an inline handler would be blocked
    /// on every page with a strict CSP, Accord's own included. (Setting `element.style` through the CSSOM is allowed.)
    @Test func theSDKInjectsNoInlineStyleOrHandlers() {
        for (name, source) in [("accord.js", WebAssets.accordJS), ("accord-tcf.js", WebAssets.accordTCFJS)] {
            #expect(!source.contains(#/\sstyle\s*=\s*[\\"'$]/#), "\(name)")
            #expect(!source.contains(#/setAttribute\(\s*["']style/#), "\(name)")
            #expect(!source.contains(#/\son[a-z]+\s*=\s*[\\"'$]/#), "\(name)")
        }
    }
}
