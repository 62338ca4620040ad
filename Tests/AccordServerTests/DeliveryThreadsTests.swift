import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AccordServer

/// Webhook delivery on threads of its own below the server's priority: the work runs there (child tasks too), at a
/// higher nice value, and every message still goes out, in order, through a real HTTP client on its own event loop.
@Suite struct DeliveryThreadsTests {
    @Test func tasksPreferringTheThreadsRunThereAtALowerPriorityChildTasksToo() async throws {
        let threads = DeliveryThreads(count: 2, nice: 3)
        defer { threads.shutdown() }
        let own = try #require(DeliveryThreads.currentNice())
        let seen = await Task(executorPreference: threads) {
            await withTaskGroup(of: Int32?.self) { group in
                for _ in 0..<4 { group.addTask { DeliveryThreads.currentNice() } }
                var values: [Int32?] = [DeliveryThreads.currentNice()]
                for await value in group { values.append(value) }
                return values
            }
        }.value
        #expect(seen.count == 5)
        #expect(seen.allSatisfy { $0 == min(19, own + 3) }, "ran at \(seen), the test at \(own)")
    }

    @Test func aServiceOnLowPriorityThreadsDeliversEveryMessageInOrderOverHTTP() async throws {
        let start = Date(millisecondsSince1970: 1_790_000_000_000)
        let store = InMemoryConsentStore()
        let receiver = Receiver { _, _ in (.ok, [:]) }
        let transport = HTTPWebhookTransport(nice: 2)
        try await receiver.application.test(.live) { client in
            let endpoint = WebhookEndpoint(
                id: WebhookEndpoint.newID(), property: "demo", url: "http://127.0.0.1:\(client.port!)/hook",
                events: WebhookEventType.known, description: nil, status: .active,
                secret: Array(WebhookSignature.newSecret().utf8), createdAt: start, updatedAt: start)
            try await store.saveWebhookEndpoint(endpoint)
            let subject = ContractFixtureSubjects.make()
            let messages = (0..<8).map { index in
                OutboxMessage(
                    id: OutboxMessage.randomID(), channel: .webhook, type: "consent.recorded", property: "demo", subject: subject,
                    payload: Array(#"{"n":\#(index)}"#.utf8), createdAt: start.addingTimeInterval(Double(index)))
            }
            try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [endpoint.id]) })
            let sender = WebhookSender(
                transport: transport, resolver: NoSubjectNames(), hosts: SystemHostResolver(), secrets: WebhookSecretBox(root: nil),
                rule: WebhookURLRule(allowInsecureLoopback: true), timeout: 5)
            let service = WebhookDeliveryService(
                store: store, sender: sender, clock: ManualClock(start.addingTimeInterval(100)), logger: Logger(label: "t"),
                batch: 8, executor: DeliveryThreads(count: 1, nice: 2))
            let task = Task { try await service.run() }
            var statuses: [DeliveryStatus] = []
            for _ in 0..<1000 {
                statuses = try await store.deliveries(to: endpoint.id, after: nil, limit: 100).map(\.status)
                if statuses.allSatisfy({ $0 == .delivered }) { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            task.cancel()
            _ = try? await task.value
            #expect(statuses == Array(repeating: .delivered, count: messages.count))
            // One subject: each message waits for the one before it, so they arrive exactly in order, once each.
            #expect(receiver.requests.compactMap { $0.headers[.init("webhook-id")!] } == messages.map(\.id))
        }
    }
}
