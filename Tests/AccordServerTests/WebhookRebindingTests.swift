import AccordCore
import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A resolver the test controls: the first look-up answers `first`, every later one `later` (a name re-pointed
/// between the check and the connection, as in DNS rebinding). Counts the look-ups.
final class RebindingResolver: HostResolver {
    let first: [IPAddress]
    let later: [IPAddress]
    let lookups = Mutex(0)

    init(first: [IPAddress], later: [IPAddress]) {
        self.first = first
        self.later = later
    }

    func addresses(of host: String) async -> [IPAddress] {
        let count = lookups.withLock { count in
            count += 1
            return count
        }
        return count == 1 ? first : later
    }
}

/// An IPv4 address of this machine that is not loopback (and so refused as a webhook destination here), if it has one.
func localNonLoopbackIPv4() -> String? {
    var list: UnsafeMutablePointer<ifaddrs>?
    guard getifaddrs(&list) == 0, let first = list else { return nil }
    defer { freeifaddrs(first) }
    var cursor: UnsafeMutablePointer<ifaddrs>? = first
    while let entry = cursor {
        defer { cursor = entry.pointee.ifa_next }
        guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0
        else { continue }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if let parsed = IPAddress(text), !WebhookURLRule.isLoopback(parsed) { return text }
    }
    return nil
}

@Suite struct WebhookRebindingTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)
    let store = InMemoryConsentStore()
    let secret = WebhookSignature.newSecret()

    @Test func theCheckResolvesOnceAndNamesTheAddressToConnectTo() async throws {
        let rule = WebhookURLRule(allowInsecureLoopback: true)
        let resolver = RebindingResolver(first: [IPAddress("127.0.0.1")!, IPAddress("::1")!], later: [IPAddress("10.0.0.1")!])
        let pinned = try await rule.destination(url: "http://hooks.localhost:8080/in", resolver: resolver)
        #expect(pinned.address == IPAddress("127.0.0.1") && resolver.lookups.withLock { $0 } == 1)
        let literal = try await rule.destination(url: "http://127.0.0.1:8080/in", resolver: resolver)
        #expect(literal.address == nil && resolver.lookups.withLock { $0 } == 1, "a literal is not resolved")
        await #expect(throws: WebhookURLRule.Refusal.forbiddenAddress("hooks.localhost")) {
            try await rule.destination(url: "http://hooks.localhost:8080/in", resolver: resolver)
        }
    }

    /// The name resolves to loopback (allowed with `allowInsecureLoopback`) for the check and to another address of
    /// this machine (refused) afterwards, where a second receiver listens on the same port: the message reaches the
    /// checked address only, the name is looked up once per delivery, and the next delivery, checked against the
    /// new answer, is refused without any connection.
    @Test func aNameRepointedAfterTheCheckIsNeverContactedAtItsNewAddress() async throws {
        let allowed = Receiver { _, _ in (.ok, [:]) }
        let forbidden = Receiver { _, _ in (.ok, [:]) }
        let other = localNonLoopbackIPv4()
        try await allowed.application.test(.live) { client in
            let port = try #require(client.port)
            let run: @Sendable () async throws -> Void = {
                let resolver = RebindingResolver(
                    first: [IPAddress("127.0.0.1")!], later: [IPAddress(other ?? "169.254.169.254")!])
                let endpoint = WebhookEndpoint(
                    id: WebhookEndpoint.newID(), property: "demo", url: "http://rebind.localhost:\(port)/hook",
                    events: WebhookEventType.known, description: nil, status: .active, secret: Array(secret.utf8), createdAt: start,
                    updatedAt: start)
                try await store.saveWebhookEndpoint(endpoint)
                let sender = WebhookSender(
                    transport: WebhookDeliveryTests.transport, resolver: NoSubjectNames(), hosts: resolver,
                    secrets: WebhookSecretBox(root: nil), rule: WebhookURLRule(allowInsecureLoopback: true), timeout: 5)
                for offset in 0..<2 {
                    let message = OutboxMessage(
                        id: OutboxMessage.randomID(), channel: .webhook, type: "consent.recorded", property: "demo", subject: nil,
                        payload: Array(#"{"eventId":"e"}"#.utf8), createdAt: start.addingTimeInterval(Double(offset)))
                    try await store.enqueue([OutboxEntry(message: message, destinations: [endpoint.id])])
                    let claims = try await store.claim(
                        channel: .webhook, destinations: [endpoint.id], now: start.addingTimeInterval(10), lease: .seconds(60), limit: 1)
                    for claim in claims {
                        await sender.deliver(
                            claim, to: endpoint, store: store, clock: ManualClock(start.addingTimeInterval(10)), logger: Logger(label: "t"))
                    }
                }
                #expect(resolver.lookups.withLock { $0 } == 2, "one look-up per delivery, none by the HTTP client")
                #expect(allowed.requests.map(\.path) == ["hook"], "the first delivery went to the checked address")
                #expect(allowed.requests.first?.authority == "rebind.localhost:\(port)", "the request still names the URL's host")
                #expect(forbidden.requests.isEmpty, "the address the name moved to was never contacted")
                let attempts = try await store.attempts(to: endpoint.id, before: nil, limit: 5)
                #expect(attempts.map(\.report.statusCode) == [nil, 200])
                #expect(attempts.first?.report.error?.hasPrefix("refused") == true)
            }
            if let other {
                try await forbidden.application(host: other, port: port).test(.live) { _ in try await run() }
            } else {
                try await run()
            }
        }
    }
}
