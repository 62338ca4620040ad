import AccordCore
import Testing

@Suite struct OriginPatternTests {
    @Test(arguments: [
        ("http://localhost:*", "http://localhost:3000", true),
        ("http://localhost:*", "http://localhost", true),
        ("http://localhost:*", "https://localhost:3000", false),
        ("http://127.0.0.1:*", "http://127.0.0.1:8080", true),
        ("http://[::1]:*", "http://[::1]:5173", true),
        ("https://shop.example", "https://shop.example", true),
        ("https://shop.example", "https://shop.example:443", true),
        ("https://shop.example", "https://shop.example:8443", false),
        ("https://shop.example", "https://evil-shop.example", false),
        ("https://shop.example", "https://shop.example.evil.com", false),
        ("https://*.example.com", "https://a.example.com", true),
        ("https://*.example.com", "https://a.b.example.com", true),
        ("https://*.example.com", "https://example.com", false),
        ("https://*.example.com", "https://badexample.com", false),
        ("https://*.example.com", "null", false),
        ("https://Shop.Example", "https://shop.example", true),
    ])
    func matchesOnlyCoveredOrigins(pattern: String, origin: String, expected: Bool) throws {
        let parsed = try #require(OriginPattern(pattern))
        #expect(parsed.matches(origin: origin) == expected)
    }

    @Test(arguments: ["localhost", "ftp://x.example", "https://", "https://a.*.com", "https://x.example/path", "https://x:99999"])
    func rejectsMalformedPatterns(_ text: String) {
        #expect(OriginPattern(text) == nil)
    }

    @Test func demoPropertyAllowsAnyLoopbackOriginOnly() {
        let demo = DemoProperty.make()
        #expect(demo.allows(origin: "http://localhost:8000"))
        #expect(demo.allows(origin: "http://127.0.0.1:1234"))
        #expect(!demo.allows(origin: "http://192.168.1.10:8000"))
        #expect(!demo.allows(origin: "https://example.com"))
    }
}
