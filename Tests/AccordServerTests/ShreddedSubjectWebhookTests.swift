import AccordCore
import AccordSQLite
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Crypto-shredding and webhooks: a message queued for a subject whose vault key is destroyed before delivery
/// reaches the receiver with `subject: null`, never the clear id, and the store still audits clean.
@Suite struct ShreddedSubjectWebhookTests {
    @Test func aShreddedSubjectsQueuedMessageIsDeliveredWithoutTheClearID() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-shred-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteConsentStore(path: path)
        let test = try await TestApplication.make(store: store)
        let receiver = Receiver()
        try await receiver.application.test(.live) { hook in
            let now = Date()
            let endpoint = WebhookEndpoint(
                id: WebhookEndpoint.newID(), property: "demo", url: "http://127.0.0.1:\(hook.port!)/hook",
                events: WebhookEventType.known, description: nil, status: .active,
                secret: Array(WebhookSignature.newSecret().utf8), createdAt: now, updatedAt: now)
            try await store.saveWebhookEndpoint(endpoint)
            let key = try await test.key([.consentsWrite])
            try await test.application.test(.router) { client in
                for subject in ["shredded-customer-77", "kept-customer-78"] {
                    let answer = try await client.send(
                        .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(subject)","choices":{"analytics":"granted"}}"#,
                        headers: bearer(key))
                    #expect(answer.status == .created)
                }
            }
            let shredded = test.services.recorder.subjectKey(for: "shredded-customer-77", in: "demo")
            #expect(try await test.services.directory.clearSubject(shredded, in: "demo") == "shredded-customer-77")
            #expect(try await test.services.directory.shred(shredded, in: "demo"))

            let sender = WebhookSender(
                transport: WebhookDeliveryTests.transport, resolver: test.services.directory, hosts: SystemHostResolver(),
                secrets: test.services.webhookSecrets, rule: WebhookURLRule(allowInsecureLoopback: true), timeout: 5,
                log: test.services.store)
            let clock = ManualClock(now.addingTimeInterval(60))
            let claims = try await store.claim(
                channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: .seconds(600), limit: 50)
            #expect(claims.count == 2)
            for claim in claims {
                await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: Logger(label: "test"))
            }
            let bodies = receiver.requests.map { String(decoding: $0.body, as: UTF8.self) }
            #expect(bodies.count == 2)
            #expect(!bodies.contains { $0.contains("shredded-customer-77") }, "the clear id of a shredded subject is never sent")
            let subjects = try bodies.map { body in
                let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
                return (json?["data"] as? [String: Any])?["subject"]
            }
            #expect(subjects.filter { $0 is NSNull }.count == 1)
            // The other subject's id still resolves: the redaction is the shredding, not a blanket one.
            #expect(subjects.compactMap { $0 as? String } == ["kept-customer-78"])
        }
        let report = try await StoreAudit.run(store)
        #expect(report.isClean)
        #expect(report.eventCount == 2)
    }
}
