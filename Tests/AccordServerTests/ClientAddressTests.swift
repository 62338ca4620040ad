import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The client address behind proxies (`http.clientIpHeader`, `http.trustedProxies`): what is stored and what the
/// rate limit counts. Over real sockets, so the peer is 127.0.0.1 as behind a proxy on the same machine.
@Suite struct ClientAddressTests {
    static let forwarded = HTTPField.Name("X-Forwarded-For")!
    let consents = "/v1/properties/demo/consents"

    func ipPrefixes(_ test: TestApplication, subjects: [String]) async throws -> [String?] {
        var prefixes: [String?] = []
        for subject in subjects {
            let key = test.services.recorder.subjectKey(for: subject, in: DemoProperty.id)
            let events = try await test.services.store.events(of: key, in: DemoProperty.id, before: nil, limit: 10)
            prefixes += events.map(\.event.ipPrefix)
        }
        return prefixes
    }

    /// An appending proxy leaves the client's own text on the left: writes with a new forged entry each time
    /// must still be counted, and stored, as the one real client the proxy saw.
    @Test func forgedLeftMostEntriesNeitherEscapeTheRateLimitNorGetStored() async throws {
        let test = try await TestApplication.make(settings: [
            "http.port": .int(0), "http.clientIpHeader": .string("X-Forwarded-For"), "http.trustedProxies": .string("127.0.0.1"),
            "rateLimit.consentsPerMinute": .int(60), "rateLimit.consentsBurst": .int(20),
        ])
        let started = ContinuousClock.now
        let (created, limited) = try await test.application.test(.live) { client in
            var created: [String] = []
            var limited = 0
            for index in 0..<60 {
                var headers = localOrigin
                headers[Self.forwarded] = "10.\(index).0.1, 198.51.100.7"
                let subject = visitor(index)
                let response = try await client.send(
                    .post, consents, json: #"{"subject":"\#(subject)","choices":{"analytics":"granted"}}"#, headers: headers)
                if response.status == .created { created.append(subject) }
                if response.status == .tooManyRequests { limited += 1 }
            }
            return (created, limited)
        }
        // 20 of burst, and one refilled for each second the requests took (a loaded machine takes longer); with
        // the forged entries counted as clients of their own, all 60 would pass.
        let refilled = Int((ContinuousClock.now - started).components.seconds) + 1
        #expect((20...20 + refilled).contains(created.count), "\(created.count) writes passed a burst of 20 in \(refilled) s")
        #expect(limited == 60 - created.count)
        let prefixes = try await ipPrefixes(test, subjects: created)
        #expect(Set(prefixes) == ["198.51.100.0"])
    }

    /// A client that reaches Accord directly (its socket address is no trusted proxy) cannot choose its address.
    @Test func theHeaderIsIgnoredFromAPeerThatIsNoTrustedProxy() async throws {
        let test = try await TestApplication.make(settings: [
            "http.port": .int(0), "http.clientIpHeader": .string("X-Forwarded-For"), "http.trustedProxies": .string("192.0.2.0/24"),
        ])
        try await test.application.test(.live) { client in
            var headers = localOrigin
            headers[Self.forwarded] = "198.51.100.7"
            let response = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitor(1000))","choices":{"analytics":"granted"}}"#, headers: headers)
            #expect(response.status == .created)
        }
        let prefixes = try await ipPrefixes(test, subjects: [visitor(1000)])
        #expect(prefixes == ["127.0.0.0"])
    }

    /// The default trusts a proxy on the same machine only.
    @Test func loopbackProxiesAreTrustedByDefault() async throws {
        let test = try await TestApplication.make(settings: ["http.port": .int(0), "http.clientIpHeader": .string("X-Forwarded-For")])
        try await test.application.test(.live) { client in
            var headers = localOrigin
            headers[Self.forwarded] = "6.6.6.6, [2001:db8:1:2::7]:4433"
            let response = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitor(1001))","choices":{"analytics":"granted"}}"#, headers: headers)
            #expect(response.status == .created)
        }
        let prefixes = try await ipPrefixes(test, subjects: [visitor(1001)])
        #expect(prefixes == ["2001:db8:1::"])
    }

    /// The resolver as controllers use it, on a router of its own (no socket: the peer is unknown, so hop counts).
    @Test func rateLimitKeysCountAnIPv6ClientByItsSlash64() async throws {
        let resolver = ClientAddressResolver(trustedHeader: Self.forwarded, trustedProxies: .hops(1))
        let router = Router(context: AccordRequestContext.self)
        router.get("/key") { request, context in resolver.rateLimitKey(of: request, context: context) }
        router.get("/address") { request, context in resolver.address(of: request, context: context) ?? "none" }
        let answers = try await Application(router: router).test(.router) { client in
            var answers: [String] = []
            for (path, values) in [
                ("/key", ["6.6.6.6, 2001:db8:1:2:aaaa::1"]), ("/key", ["2001:db8:1:2:bbbb::9"]), ("/key", ["::ffff:198.51.100.7"]),
                ("/key", ["garbage"]), ("/address", ["6.6.6.6", "198.51.100.7:5678"]), ("/address", ["2001:DB8:0:0::1"]),
            ] {
                var headers = HTTPFields()
                for value in values { headers.append(HTTPField(name: Self.forwarded, value: value)) }
                answers.append(try await client.execute(uri: path, method: .get, headers: headers) { String(buffer: $0.body) })
            }
            return answers
        }
        // The same /64 is one key; IPv4 (also mapped) is the address; garbage where the client should be is unknown;
        // repeated header lines are one list, whose last entry is the nearest hop.
        #expect(answers == ["2001:db8:1:2::/64", "2001:db8:1:2::/64", "198.51.100.7", "unknown", "198.51.100.7", "2001:db8::1"])
    }

    /// End to end: hosts of one IPv6 /64 share one rate limit.
    @Test
    func writesFromOneIPv6Slash64ShareOneLimit() async throws {
        let test = try await TestApplication.make(settings: [
            "http.clientIpHeader": .string("X-Forwarded-For"), "http.trustedProxies": .string("1"),
            "rateLimit.consentsPerMinute": .int(1), "rateLimit.consentsBurst": .int(3),
        ])
        try await test.application.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for index in 1...5 {
                var headers = localOrigin
                headers[Self.forwarded] = "2001:db8:1:2::\(index)"
                statuses.append(
                    try await client.send(.post, consents, json: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#, headers: headers)
                        .status)
            }
            #expect(statuses == [.created, .created, .created, .tooManyRequests, .tooManyRequests])
        }
    }
}
