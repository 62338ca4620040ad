import AccordCore
import Testing

@Suite struct TrustedProxiesTests {
    @Test(arguments: [
        ("1.2.3.4", "1.2.3.4"),
        ("1.2.3.4:5678", "1.2.3.4"),
        ("[::1]:80", "::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        (#"for="[2001:db8:cafe::17]:4711""#, "2001:db8:cafe::17"),
        ("for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60"),
        ("proto=https; For=198.51.100.1", "198.51.100.1"),
    ])
    func headerEntriesYieldTheirAddress(entry: String, address: String) {
        #expect(ForwardedFor.address(ofEntry: Substring(entry))?.description == address)
    }

    @Test(arguments: ["unknown", "_hidden", "for=unknown", "proto=https", "[::1", "[::1]x", "[::1]:", "1.2.3.4:", "1.2.3.4:9999999", "<script>"])
    func garbageEntriesAreNoAddress(_ entry: String) {
        #expect(ForwardedFor.address(ofEntry: Substring(entry)) == nil)
    }

    @Test func entriesKeepTheirOrderAcrossHeaderLines() {
        #expect(ForwardedFor.entries([]) == [])
        #expect(ForwardedFor.entries([""]) == [])
        #expect(ForwardedFor.entries([" , ,"]) == [])
        #expect(ForwardedFor.entries(["a, 1.2.3.4", "5.6.7.8"]) == [nil, IPAddress("1.2.3.4"), IPAddress("5.6.7.8")])
    }

    @Test func settingsParseAsHopsOrRanges() throws {
        #expect(TrustedProxies("2") == .hops(2))
        #expect(TrustedProxies(" 0 ") == .hops(0))
        #expect(TrustedProxies(" 10.0.0.0/8 , ::1") == .ranges([try #require(IPRange("10.0.0.0/8")), try #require(IPRange("::1"))]))
        for bad in ["", "-1", "33", "abc", "1,2", ",", "10.0.0.0/33", "10.0.0.0/8 nope"] {
            #expect(TrustedProxies(bad) == nil, "\(bad)")
        }
    }

    func client(_ proxies: String, peer: String?, header: [String]) throws -> String? {
        let proxies = try #require(TrustedProxies(proxies))
        return proxies.client(peer: peer.flatMap { IPAddress($0) }, forwarded: ForwardedFor.entries(header))?.description
    }

    @Test func theRightMostUntrustedHopIsTheClient() throws {
        // nginx's $proxy_add_x_forwarded_for keeps what the client sent and appends the address it saw.
        #expect(try client("127.0.0.1", peer: "127.0.0.1", header: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        #expect(try client("127.0.0.1", peer: "::ffff:127.0.0.1", header: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        // Through a CDN then a load balancer, both in trusted ranges.
        #expect(
            try client("127.0.0.0/8, 10.0.0.0/8", peer: "127.0.0.1", header: ["6.6.6.6", "198.51.100.7, 10.0.0.3"]) == "198.51.100.7")
        #expect(try client("::1", peer: "::1", header: ["[2001:db8::6]:1, [2001:db8:1:2::7]:4433"]) == "2001:db8:1:2::7")
    }

    @Test func aPeerThatIsNoTrustedProxyIsTheClientWhateverTheHeaderSays() throws {
        #expect(try client("10.0.0.0/8", peer: "203.0.113.5", header: ["198.51.100.7"]) == "203.0.113.5")
        #expect(try client("10.0.0.0/8", peer: nil, header: ["198.51.100.7"]) == nil)
    }

    @Test func edgesOfTheChain() throws {
        // No header, or an empty one: the proxy itself made the request.
        #expect(try client("127.0.0.1", peer: "127.0.0.1", header: []) == "127.0.0.1")
        #expect(try client("127.0.0.1", peer: "127.0.0.1", header: [""]) == "127.0.0.1")
        // Every hop trusted: the request started inside the proxies' networks, at the left-most.
        #expect(try client("127.0.0.0/8, 10.0.0.0/8", peer: "127.0.0.1", header: ["10.0.0.2, 10.0.0.3"]) == "10.0.0.2")
        // A trusted proxy writes addresses only: garbage where the client should be cannot be read.
        #expect(try client("127.0.0.1", peer: "127.0.0.1", header: ["1.2.3.4, garbage"]) == nil)
        // Garbage left of the client is the client's own text and does not matter.
        #expect(try client("127.0.0.1", peer: "127.0.0.1", header: ["garbage, 198.51.100.7"]) == "198.51.100.7")
    }

    @Test func hopCountsSkipThatManyProxiesFromTheRight() throws {
        #expect(try client("0", peer: "10.0.0.1", header: ["198.51.100.7"]) == "10.0.0.1")
        #expect(try client("1", peer: "10.0.0.1", header: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        #expect(try client("2", peer: "10.0.0.1", header: ["6.6.6.6, 198.51.100.7, 10.0.0.9"]) == "198.51.100.7")
        // More hops than entries: the furthest hop seen.
        #expect(try client("3", peer: "10.0.0.1", header: ["198.51.100.7"]) == "198.51.100.7")
        #expect(try client("1", peer: "10.0.0.1", header: []) == "10.0.0.1")
        #expect(try client("1", peer: "10.0.0.1", header: ["6.6.6.6, junk"]) == nil)
    }
}
