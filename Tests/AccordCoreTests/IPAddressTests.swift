import AccordCore
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"),
        ("010.000.002.001", "10.0.2.1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::ffff:c000:201", "192.0.2.1"),
        ("::1", "::1"),
        ("::", "::"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func addressesParseToTheirCanonicalText(text: String, canonical: String) throws {
        #expect(try #require(IPAddress(text)).description == canonical)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.256", "1.2.3.4.5", "1234.1.1.1", "1.2.3.-4", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8", "12345::", "g::1", "1.2.3.4:80", "[::1]", " 1.2.3.4", "::ffff:1.2.3", "unknown",
    ])
    func nonAddressesAreRefused(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func rangesMatchTheirNetworkOnly() throws {
        let v4 = try #require(IPRange("10.1.2.3/8"))
        #expect(v4.description == "10.0.0.0/8")
        #expect(v4.contains(try #require(IPAddress("10.255.0.1"))))
        #expect(!v4.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(!v4.contains(try #require(IPAddress("::a01:203"))), "an IPv6 address is never in an IPv4 range")
        #expect(IPRange("::ffff:10.0.0.0/104") == v4, "an IPv4-mapped range is the IPv4 range")
        let v6 = try #require(IPRange("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(try #require(IPRange("192.0.2.7")).description == "192.0.2.7/32")
        #expect(try #require(IPRange("0.0.0.0/0")).contains(try #require(IPAddress("203.0.113.9"))))
        for bad in ["/8", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/8/8", "10.0.0.0/x", "10.0.0.0/-1"] {
            #expect(IPRange(bad) == nil, "\(bad)")
        }
    }

    @Test func ipv6ClientsAreRateLimitedByTheirSlash64() throws {
        let one = try #require(IPAddress("2001:db8:1:2:aaaa::1"))
        let other = try #require(IPAddress("2001:db8:1:2:bbbb:cccc:dddd:2"))
        let nextSubnet = try #require(IPAddress("2001:db8:1:3::1"))
        #expect(ClientAddress.rateLimitKey(one) == "2001:db8:1:2::/64")
        #expect(ClientAddress.rateLimitKey(other) == ClientAddress.rateLimitKey(one))
        #expect(ClientAddress.rateLimitKey(nextSubnet) != ClientAddress.rateLimitKey(one))
        #expect(ClientAddress.rateLimitKey(try #require(IPAddress("198.51.100.7"))) == "198.51.100.7")
        #expect(ClientAddress.rateLimitKey(try #require(IPAddress("::ffff:198.51.100.7"))) == "198.51.100.7")
    }
}
