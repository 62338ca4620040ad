import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AccordServer

/// The outbox's figures as `GET /metrics` serves them: the backlog read from the store at each scrape, and the
/// outcome and latency of every attempt the senders recorded (issue 17 §7).
@Suite struct OutboxMetricsTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func message(_ channel: OutboxChannel = .webhook) -> OutboxMessage {
        OutboxMessage(
            id: OutboxMessage.randomID(), channel: channel, type: channel == .webhook ? "consent.recorded" : "mail.test",
            property: "demo", subject: nil, payload: Array(#"{"eventId":"e"}"#.utf8), createdAt: start)
    }

    func endpoint(_ store: any ConsentStore, port: Int, path: String) async throws -> WebhookEndpoint {
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "http://127.0.0.1:\(port)/\(path)", events: WebhookEventType.known,
            description: nil, status: .active, secret: Array(WebhookSignature.newSecret().utf8), createdAt: start, updatedAt: start)
        try await store.saveWebhookEndpoint(endpoint)
        return endpoint
    }

    func sender(_ metrics: ServerMetrics, schedule: RetrySchedule) -> WebhookSender {
        var sender = WebhookSender(
            transport: WebhookDeliveryTests.transport, resolver: NoSubjectNames(), hosts: SystemHostResolver(),
            secrets: WebhookSecretBox(root: nil), rule: WebhookURLRule(allowInsecureLoopback: true), schedule: schedule, timeout: 5)
        sender.metrics = metrics.outbox
        return sender
    }

    func scrape(_ client: some TestClientProtocol, _ key: String) async throws -> PrometheusText {
        try await client.execute(uri: "/metrics", method: .get, headers: bearer(key)) { response in
            #expect(response.status == .ok)
            return try PrometheusText(String(buffer: response.body))
        }
    }

    @Test func metricsCountQueuedDeliveredFailedAndDeadLetteredDeliveriesWithTheirLatency() async throws {
        let test = try await TestApplication.make()
        let store = test.services.store
        let metrics = test.services.metrics
        let key = try await test.key([.metricsRead])
        let receiver = Receiver { _, path in (path == "ok" ? .noContent : .internalServerError, [:]) }
        try await receiver.application.test(.live) { hooks in
            let good = try await endpoint(store, port: hooks.port!, path: "ok")
            let retried = try await endpoint(store, port: hooks.port!, path: "down")
            let dead = try await endpoint(store, port: hooks.port!, path: "gone-for-good")
            try await store.enqueue([
                OutboxEntry(message: message(), destinations: [good.id]), OutboxEntry(message: message(), destinations: [good.id]),
                OutboxEntry(message: message(), destinations: [retried.id]), OutboxEntry(message: message(), destinations: [dead.id]),
                OutboxEntry(message: message(.mail), destinations: ["person@example.org"]),
            ])
            try await test.application.test(.router) { client in
                let queued = try await scrape(client, key)
                #expect(queued.value("accord_outbox_backlog", ["channel": "webhook"]) == 4)
                #expect(queued.value("accord_outbox_backlog", ["channel": "mail"]) == 1)
                #expect(queued.value("accord_outbox_deliveries_total") == nil)

                let clock = ManualClock(start)
                let standard = sender(metrics, schedule: .standard)
                // No time left to retry in: the first failure is the last, and the delivery is dead-lettered.
                let lastChance = sender(metrics, schedule: RetrySchedule(base: 5, cap: 60, lifetime: 0))
                // Until nothing is due (messages about one subject to one endpoint go one after the other).
                for (endpoint, sender) in [(good, standard), (retried, standard), (dead, lastChance)] {
                    while case let claims = try await store.claim(
                        channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: .seconds(600), limit: 10),
                        !claims.isEmpty
                    {
                        for claim in claims {
                            await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: Logger(label: "test"))
                        }
                    }
                }

                let after = try await scrape(client, key)
                #expect(after.value("accord_outbox_deliveries_total", ["channel": "webhook", "outcome": "delivered"]) == 2)
                #expect(after.value("accord_outbox_deliveries_total", ["channel": "webhook", "outcome": "failed"]) == 1)
                #expect(after.value("accord_outbox_deliveries_total", ["channel": "webhook", "outcome": "dead"]) == 1)
                #expect(after.value("accord_outbox_delivery_failures_total", ["channel": "webhook"]) == 2)
                #expect(after.value("accord_outbox_delivery_duration_seconds_count", ["channel": "webhook"]) == 4)
                #expect(after.types["accord_outbox_delivery_duration_seconds"] == "histogram")
                // The retried delivery is still queued; the delivered and the dead-lettered ones are not.
                #expect(after.value("accord_outbox_backlog", ["channel": "webhook"]) == 1)
                #expect(after.value("accord_outbox_backlog", ["channel": "mail"]) == 1)
            }
        }
        #expect(receiver.requests.count == 4)
    }

    @Test func aLapsedClaimIsNotCounted() async throws {
        let test = try await TestApplication.make()
        let store = test.services.store
        let metrics = test.services.metrics
        let receiver = Receiver()
        try await receiver.application.test(.live) { hooks in
            let good = try await endpoint(store, port: hooks.port!, path: "ok")
            try await store.enqueue([OutboxEntry(message: message(), destinations: [good.id])])
            let clock = ManualClock(start)
            let claim = try #require(
                try await store.claim(channel: .webhook, destinations: [good.id], now: clock.now, lease: .seconds(1), limit: 1).first)
            // Someone else takes the delivery after the lease lapses and delivers it first.
            let other = try #require(
                try await store.claim(
                    channel: .webhook, destinations: [good.id], now: clock.now.addingTimeInterval(5), lease: .seconds(600), limit: 1
                ).first)
            #expect(try await store.finish(other, attempt: nil, outcome: .delivered))
            await sender(metrics, schedule: .standard).deliver(claim, to: good, store: store, clock: clock, logger: Logger(label: "test"))
        }
        await metrics.refresh()
        let text = try PrometheusText(metrics.exposition())
        #expect(text.value("accord_outbox_deliveries_total") == nil)
        #expect(text.value("accord_outbox_backlog", ["channel": "webhook"]) == 0)
    }
}
