import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A receiver on loopback: records every request and answers with the status `answer` gives for it.
final class Receiver: Sendable {
    struct Hit: Sendable {
        var path: String
        var headers: HTTPFields
        var body: [UInt8]
        /// The `Host` the request named.
        var authority: String? = nil
    }

    let hits = Mutex<[Hit]>([])
    let answer: @Sendable (Int, String) -> (HTTPResponse.Status, HTTPFields)

    init(answer: @escaping @Sendable (Int, String) -> (HTTPResponse.Status, HTTPFields) = { _, _ in (.noContent, [:]) }) {
        self.answer = answer
    }

    var application: some ApplicationProtocol { application(host: "127.0.0.1", port: 0) }

    /// The receiver listening on `host` (an address of this machine) and `port` (0: any free one).
    func application(host: String, port: Int) -> some ApplicationProtocol {
        let router = Router()
        router.post("/:path") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let path = context.parameters.get("path") ?? ""
            let index = self.hits.withLock { hits in
                hits.append(Hit(path: path, headers: request.headers, body: Array(buffer: body), authority: request.head.authority))
                return hits.count - 1
            }
            let (status, headers) = self.answer(index, path)
            return Response(status: status, headers: headers)
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .error
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }

    var requests: [Hit] { hits.withLock { $0 } }
}

/// A subject resolver that knows one name.
struct OneName: SubjectNameResolver {
    let key: SubjectKey
    let name: String
    func clearSubject(_ subject: SubjectKey, in property: PropertyID) async throws -> String? { subject == key ? name : nil }
}

@Suite struct WebhookDeliveryTests {
    /// One client for every test: an async-http-client must be shut down before it goes, and a static never goes.
    static let transport = HTTPWebhookTransport()

    let start = Date(millisecondsSince1970: 1_790_000_000_000)
    let store = InMemoryConsentStore()
    let secret = WebhookSignature.newSecret()

    func endpoint(port: Int, path: String = "hook", status: WebhookEndpointStatus = .active) async throws -> WebhookEndpoint {
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "http://127.0.0.1:\(port)/\(path)",
            events: WebhookEventType.known, description: nil, status: status, secret: Array(secret.utf8), createdAt: start,
            updatedAt: start)
        try await store.saveWebhookEndpoint(endpoint)
        return endpoint
    }

    func sender(names: any SubjectNameResolver = NoSubjectNames()) -> WebhookSender {
        WebhookSender(
            transport: Self.transport, resolver: names, hosts: SystemHostResolver(), secrets: WebhookSecretBox(root: nil),
            rule: WebhookURLRule(allowInsecureLoopback: true), timeout: 5)
    }

    func message(_ subject: SubjectKey?, _ offset: TimeInterval = 0, type: String = "consent.recorded") -> OutboxMessage {
        OutboxMessage(
            id: OutboxMessage.randomID(), channel: .webhook, type: type, property: "demo", subject: subject,
            payload: Array(#"{"eventId":"e"}"#.utf8), createdAt: start.addingTimeInterval(offset))
    }

    /// Claims what is due at the clock's time and delivers it; returns how many were sent.
    @discardableResult
    func round(_ sender: WebhookSender, _ clock: ManualClock, _ endpoint: WebhookEndpoint) async throws -> Int {
        let claims = try await store.claim(channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: .seconds(600), limit: 50)
        for claim in claims {
            await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: Logger(label: "test"))
        }
        return claims.count
    }

    @Test func aDeliveryIsSignedTheStandardWayAndCarriesTheResolvedSubject() async throws {
        let receiver = Receiver()
        let subject = ContractFixtureSubjects.make()
        try await receiver.application.test(.live) { client in
            let endpoint = try await endpoint(port: client.port!)
            let first = message(subject)
            try await store.enqueue([OutboxEntry(message: first, destinations: [endpoint.id])])
            let clock = ManualClock(start)
            #expect(try await round(sender(names: OneName(key: subject, name: "crm-42")), clock, endpoint) == 1)
            let hit = try #require(receiver.requests.first)
            #expect(hit.headers[HTTPField.Name("webhook-id")!] == first.id)
            let timestamp = try #require(hit.headers[HTTPField.Name("webhook-timestamp")!].flatMap { Int64($0) })
            #expect(timestamp == Int64(start.timeIntervalSince1970))
            let expected = WebhookSignature.sign(id: first.id, timestamp: timestamp, body: hit.body, key: WebhookSignature.key(of: secret)!)
            #expect(hit.headers[HTTPField.Name("webhook-signature")!] == expected)
            let json = try JSONSerialization.jsonObject(with: Data(hit.body)) as? [String: Any]
            #expect(json?["type"] as? String == "consent.recorded")
            let data = try #require(json?["data"] as? [String: Any])
            #expect(data["subject"] as? String == "crm-42" && data["subjectResolved"] as? Bool == true)
            #expect(data["sequence"] as? Int == Int(try await store.deliveries(to: endpoint.id, after: nil, limit: 1)[0].message.receiverSequence))
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 1).first?.status == .delivered)
        }
    }

    @Test func anUnknownSubjectIsSentAsNullNeverByPseudonymAlone() async throws {
        let receiver = Receiver()
        try await receiver.application.test(.live) { client in
            let endpoint = try await endpoint(port: client.port!)
            try await store.enqueue([OutboxEntry(message: message(ContractFixtureSubjects.make()), destinations: [endpoint.id])])
            try await round(sender(), ManualClock(start), endpoint)
            let data = try #require(
                (try JSONSerialization.jsonObject(with: Data(receiver.requests[0].body)) as? [String: Any])?["data"] as? [String: Any])
            #expect(data["subject"] is NSNull && data["subjectResolved"] as? Bool == false)
        }
    }

    @Test func failuresAreRetriedWithBackoffAndPerSubjectOrderHolds() async throws {
        let receiver = Receiver { index, _ in index < 3 ? (.internalServerError, [:]) : (.ok, [:]) }
        let a = ContractFixtureSubjects.make()
        try await receiver.application.test(.live) { client in
            let endpoint = try await endpoint(port: client.port!)
            let first = message(a)
            let second = message(a, 1)
            try await store.enqueue([first, second].map { OutboxEntry(message: $0, destinations: [endpoint.id]) })
            let clock = ManualClock(start.addingTimeInterval(2))
            let sender = sender()
            var sentIDs: [String] = []
            for _ in 0..<40 where sentIDs.count < 5 {
                try await round(sender, clock, endpoint)
                sentIDs = receiver.requests.compactMap { $0.headers[HTTPField.Name("webhook-id")!] }
                clock.advance(by: 60)
            }
            #expect(sentIDs == [first.id, first.id, first.id, first.id, second.id], "the second waits for the first")
            let attempts = try await store.attempts(to: endpoint.id, before: nil, limit: 10)
            #expect(attempts.map(\.number) == [1, 4, 3, 2, 1])
            #expect(attempts.filter { $0.report.statusCode == 500 }.allSatisfy { $0.nextAttemptAt != nil })
        }
    }

    @Test func goneDisablesTheEndpointAndRetryAfterIsHonoured() async throws {
        let receiver = Receiver { _, path in
            path == "gone" ? (.gone, [:]) : (.tooManyRequests, [HTTPField.Name("retry-after")!: "120"])
        }
        try await receiver.application.test(.live) { client in
            let gone = try await endpoint(port: client.port!, path: "gone")
            let busy = try await endpoint(port: client.port!, path: "busy")
            try await store.enqueue([OutboxEntry(message: message(nil), destinations: [gone.id, busy.id])])
            let clock = ManualClock(start)
            try await round(sender(), clock, gone)
            try await round(sender(), clock, busy)
            #expect(try await store.webhookEndpoint(gone.id, of: "demo")?.status == .disabled)
            #expect(try await store.webhookEndpoint(busy.id, of: "demo")?.status == .active)
            let next = try await store.attempts(to: busy.id, before: nil, limit: 1).first?.nextAttemptAt
            #expect(next == start.addingTimeInterval(120))
        }
    }

    @Test func redirectsAreNotFollowed() async throws {
        let receiver = Receiver { _, path in
            path == "moved" ? (.temporaryRedirect, [.location: "/target"]) : (.ok, [:])
        }
        try await receiver.application.test(.live) { client in
            let endpoint = try await endpoint(port: client.port!, path: "moved")
            try await store.enqueue([OutboxEntry(message: message(nil), destinations: [endpoint.id])])
            try await round(sender(), ManualClock(start), endpoint)
            #expect(receiver.requests.map(\.path) == ["moved"])
            let attempt = try await store.attempts(to: endpoint.id, before: nil, limit: 1).first
            #expect(attempt?.report.statusCode == 307 && attempt?.nextAttemptAt != nil)
        }
    }

    @Test func afterSeventyTwoHoursTheMessageIsDeadLetteredAndTheEndpointFailing() async throws {
        let receiver = Receiver { _, _ in (.internalServerError, [:]) }
        try await receiver.application.test(.live) { client in
            let endpoint = try await endpoint(port: client.port!)
            try await store.enqueue([OutboxEntry(message: message(nil), destinations: [endpoint.id])])
            let clock = ManualClock(start)
            for _ in 0..<200 {
                try await round(sender(), clock, endpoint)
                if try await store.webhookEndpoint(endpoint.id, of: "demo")?.status == .failing { break }
                clock.advance(by: 1800)
            }
            #expect(try await store.webhookEndpoint(endpoint.id, of: "demo")?.status == .failing)
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 1).first?.status == .dead)
            let attempts = try await store.attempts(to: endpoint.id, before: nil, limit: 200)
            let span = attempts.first!.report.at.timeIntervalSince(attempts.last!.report.at)
            #expect(span >= 72 * 3600 - 1800 && span <= 72 * 3600 + 1800)
        }
    }

    @Test func anInternalAddressIsRefusedAtDeliveryToo() async throws {
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "https://10.1.2.3/hook", events: [.consentRecorded], description: nil,
            status: .active, secret: Array(secret.utf8), createdAt: start, updatedAt: start)
        try await store.saveWebhookEndpoint(endpoint)
        try await store.enqueue([OutboxEntry(message: message(nil), destinations: [endpoint.id])])
        try await round(sender(), ManualClock(start), endpoint)
        let attempt = try await store.attempts(to: endpoint.id, before: nil, limit: 1).first
        #expect(attempt?.report.statusCode == nil && attempt?.report.error?.hasPrefix("refused") == true)
    }

    @Test func theServiceSendsOtherEndpointsWhileOneIsSlow() async throws {
        let gate = Gate()
        let receiver = Receiver { _, _ in (.ok, [:]) }
        try await receiver.application.test(.live) { client in
            let slow = try await endpoint(port: client.port!, path: "slow")
            let fast = try await endpoint(port: client.port!, path: "fast")
            try await store.enqueue([OutboxEntry(message: message(nil), destinations: [slow.id])])
            try await store.enqueue([OutboxEntry(message: message(nil, 1), destinations: [fast.id])])
            let transport = SlowTransport(real: Self.transport, slowPath: "/slow", gate: gate)
            let sender = WebhookSender(
                transport: transport, resolver: NoSubjectNames(), hosts: SystemHostResolver(), secrets: WebhookSecretBox(root: nil),
                rule: WebhookURLRule(allowInsecureLoopback: true))
            let clock = ManualClock(start.addingTimeInterval(10))
            let service = WebhookDeliveryService(store: store, sender: sender, clock: clock, logger: Logger(label: "t"))
            let task = Task { try await service.run() }
            for _ in 0..<400 where receiver.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            #expect(receiver.requests.map(\.path) == ["fast"], "delivered while the slow one is still out")
            gate.open.withLock { $0 = true }
            for _ in 0..<400 where receiver.requests.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(receiver.requests.map(\.path) == ["fast", "slow"])
            task.cancel()
            _ = try? await task.value
        }
    }
}

extension WebhookDeliveryTests {
    @Test func aPauseTakesEffectAtTheNextBatchOfABacklog() async throws {
        let endpoint = try await endpoint(port: 9)
        try await store.enqueue(
            (0..<6).map { OutboxEntry(message: message(ContractFixtureSubjects.make(), Double($0)), destinations: [endpoint.id]) })
        let transport = PausingTransport(store: store, endpoint: endpoint)
        let sender = WebhookSender(
            transport: transport, resolver: NoSubjectNames(), hosts: SystemHostResolver(), secrets: WebhookSecretBox(root: nil),
            rule: WebhookURLRule(allowInsecureLoopback: true))
        let service = WebhookDeliveryService(
            store: store, sender: sender, clock: ManualClock(start.addingTimeInterval(10)), logger: Logger(label: "t"), batch: 2)
        let task = Task { try await service.run() }
        for _ in 0..<200 where transport.count.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        _ = try? await task.value
        #expect(transport.count.withLock { $0 } == 2, "the first batch went; the next saw the pause")
        let statuses = try await store.deliveries(to: endpoint.id, after: nil, limit: 10).map(\.status)
        #expect(statuses.filter { $0 == .delivered }.count == 2 && statuses.filter { $0 == .pending }.count == 4)
    }
}

/// Answers 200 and pauses the endpoint on the first request, as an operator might mid-backlog.
final class PausingTransport: WebhookTransport {
    let store: InMemoryConsentStore
    let endpoint: WebhookEndpoint
    let count = Mutex(0)

    init(store: InMemoryConsentStore, endpoint: WebhookEndpoint) {
        self.store = store
        self.endpoint = endpoint
    }

    func post(url: String, connectingTo address: IPAddress?, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async
        -> TransportResult
    {
        if count.withLock({
            $0 += 1; return $0
        }) == 1 {
            var paused = endpoint
            paused.status = .paused
            try? await store.saveWebhookEndpoint(paused)
        }
        return TransportResult(statusCode: 200)
    }
}

/// Holds requests to one path until the gate opens.
struct SlowTransport: WebhookTransport {
    let real: HTTPWebhookTransport
    let slowPath: String
    let gate: Gate

    func post(url: String, connectingTo address: IPAddress?, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async
        -> TransportResult
    {
        if url.hasSuffix(slowPath) {
            while !gate.open.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
        }
        return await real.post(url: url, connectingTo: address, headers: headers, body: body, timeout: timeout)
    }
}

/// A flag shared between a test and its transport.
final class Gate: Sendable {
    let open = Mutex(false)
}

enum ContractFixtureSubjects {
    static func make() -> SubjectKey {
        var generator = SystemRandomNumberGenerator()
        return SubjectKey(bytes: (0..<32).map { _ in generator.next() })!
    }
}
