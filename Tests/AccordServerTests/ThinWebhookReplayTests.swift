import AccordCore
import AccordSQLite
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Consent messages are stored as a reference to their event and rendered when sent: the body carries the event's
/// data and the subject's state as of it (not the state at sending time), and a replay sends the same message id
/// with the same body.
@Suite struct ThinWebhookReplayTests {
    @Test func aReplaySendsTheSameIdAndBodyRenderedAsOfTheEvent() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-thin-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteConsentStore(path: path)
        let test = try await TestApplication.make(store: store)
        let receiver = Receiver()
        try await receiver.application.test(.live) { hook in
            let now = Date()
            let endpoint = WebhookEndpoint(
                id: WebhookEndpoint.newID(), property: "demo", url: "http://127.0.0.1:\(hook.port!)/hook",
                events: [.consentRecorded], description: nil, status: .active,
                secret: Array(WebhookSignature.newSecret().utf8), createdAt: now, updatedAt: now)
            try await store.saveWebhookEndpoint(endpoint)
            let key = try await test.key([.consentsWrite])
            try await test.application.test(.router) { client in
                // The first choice, then a later one: the first message must still show the state after the first.
                for choice in ["granted", "denied"] {
                    let answer = try await client.send(
                        .post, "/v1/properties/demo/consents", json: #"{"subject":"crm-9","choices":{"analytics":"\#(choice)"}}"#,
                        headers: bearer(key))
                    #expect(answer.status == .created)
                }
            }
            let sender = WebhookSender(
                transport: WebhookDeliveryTests.transport, resolver: test.services.directory, hosts: SystemHostResolver(),
                secrets: test.services.webhookSecrets, rule: WebhookURLRule(allowInsecureLoopback: true), timeout: 5, log: store)
            let clock = ManualClock(now.addingTimeInterval(60))
            func sendFirst() async throws {
                let claim = try #require(
                    try await store.claim(channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: .seconds(600), limit: 1)
                        .first)
                await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: Logger(label: "test"))
            }
            try await sendFirst()
            #expect(try await store.requeue(destination: endpoint.id, since: .distantPast, now: clock.now) == 2)
            clock.advance(by: 3600)
            try await sendFirst()
            let hits = receiver.requests
            #expect(hits.count == 2)
            #expect(hits[0].headers[HTTPField.Name("webhook-id")!] == hits[1].headers[HTTPField.Name("webhook-id")!])
            #expect(hits[0].body == hits[1].body, "the same body on a replay")
            #expect(hits[0].headers[HTTPField.Name("webhook-timestamp")!] != hits[1].headers[HTTPField.Name("webhook-timestamp")!])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(hits[0].body)) as? [String: Any])
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["subject"] as? String == "crm-9")
            let state = try #require(data["state"] as? [String: [String: Any]])
            #expect(state["analytics"]?["status"] as? String == "granted", "the state as of the event, not as of sending")
            #expect((data["changes"] as? [[String: Any]])?.first?["status"] as? String == "granted")
            #expect(json["timestamp"] as? String == (data["recordedAt"] as? String), "the body's time is the event's")
        }
    }
}
