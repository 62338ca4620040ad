import AccordCore
import Testing

@Suite struct PrivacyTests {
    @Test(arguments: [
        ("203.0.113.77", "203.0.113.0"),
        ("10.1.2.3", "10.1.2.0"),
        ("2001:db8:abcd:12:34::1", "2001:db8:abcd::"),
        ("2001:db8::1", "2001:db8:0::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("::1", "0:0:0::"),
    ])
    func addressesAreTruncatedToTheirNetwork(address: String, expected: String) {
        #expect(ClientAddress.truncated(address) == expected)
    }

    @Test(arguments: ["not-an-ip", "1.2.3", "1.2.3.256", "2001:db8::1::2", ""])
    func nonAddressesAreDropped(_ text: String) {
        #expect(ClientAddress.truncated(text) == nil)
    }

    @Test func subjectKeysAreKeyedAndPerProperty() {
        let one = SubjectPseudonymizer(secret: Array(repeating: 1, count: 32))
        let two = SubjectPseudonymizer(secret: Array(repeating: 2, count: 32))
        let key = one.key(for: "alice@example.com", in: "demo")
        #expect(key == one.key(for: "alice@example.com", in: "demo"))
        #expect(key != two.key(for: "alice@example.com", in: "demo"))
        #expect(key != one.key(for: "alice@example.com", in: "shop"))
        #expect(!key.hex.contains("alice"))
        #expect(key.bytes.count == 32)
    }

    @Test(arguments: [
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.85 Safari/537.36", "Chrome 131"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70",
            "Edge 131"
        ),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18"),
        ("curl/8.5.0", "Other"),
    ])
    func userAgentsAreReducedToFamilyAndMajorVersion(agent: String, expected: String) {
        #expect(UserAgentFamily.reduce(agent) == expected)
    }
}
