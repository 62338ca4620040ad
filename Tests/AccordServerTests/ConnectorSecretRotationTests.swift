import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AccordServer

/// `POST .../systems/{system}/rotate-secret` (issue 14 §1): a webhook connector's new secret, with the old one still
/// signing for 24 hours, checked by a real receiver on loopback that verifies each signature with each secret.
@Suite struct ConnectorSecretRotationTests {
    /// Records the signature header and the signed parts of everything posted to it.
    final class Receiver: Sendable {
        let posts = Mutex<[(id: String, timestamp: Int64, body: [UInt8], signatures: [String])]>([])

        var application: some ApplicationProtocol {
            let router = Router()
            router.post("/hook") { request, _ -> Response in
                let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
                let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
                let timestamp = request.headers[HTTPField.Name("webhook-timestamp")!].flatMap { Int64($0) } ?? 0
                let header = request.headers[HTTPField.Name("webhook-signature")!] ?? ""
                self.posts.withLock { $0.append((id, timestamp, body, header.split(separator: " ").map(String.init))) }
                return Response(status: .noContent)
            }
            var logger = Logger(label: "rotation-receiver")
            logger.logLevel = .error
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        }

        /// Whether post `index` carries a signature that verifies with `secret`.
        func verifies(_ index: Int, with secret: String) -> Bool {
            guard let key = WebhookSignature.key(of: secret) else { return false }
            return posts.withLock { posts in
                let post = posts[index]
                return post.signatures.contains(WebhookSignature.sign(id: post.id, timestamp: post.timestamp, body: post.body, key: key))
            }
        }
        func signatureCount(_ index: Int) -> Int { posts.withLock { $0[index].signatures.count } }
        var count: Int { posts.withLock { $0.count } }
    }

    @Test func bothSecretsSignForADayAfterARotationThenOnlyTheNewOne() async throws {
        let clock = ConnectorWebhookTests.Clock()
        let services = try await ConnectorWebhookTests.services(clock: clock)
        let admin = bearer(services.createdAdminKey!)
        let receiver = Receiver()
        let test = TestApplication(services: services, adminKey: services.createdAdminKey!)
        try await receiver.application.test(.live) { hook in
            try await test.application.test(.live) { client in
                let systems = "/v1/admin/properties/demo/systems"
                let url = "http://127.0.0.1:\(hook.port!)/hook"
                let put = try await client.send(.put, "\(systems)/crm", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                let old = try #require(put.body["secret"] as? String)

                let rotated = try await client.send(.post, "\(systems)/crm/rotate-secret", headers: admin)
                #expect(rotated.status == .ok)
                let new = try #require(rotated.body["secret"] as? String)
                #expect(new.hasPrefix("whsec_") && new != old)
                #expect(try await client.send(.get, "\(systems)/crm", headers: admin).body["secret"] == nil, "shown once")
                let again = try await client.send(.put, "\(systems)/crm", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                #expect(again.status == .ok && again.body["secret"] == nil, "a PUT keeps both secrets")

                let requests = "/v1/admin/properties/demo/requests"
                let made = try await client.send(
                    .post, requests, json: #"{"type":"access","email":"ann@example.com","jurisdiction":"US-CA"}"#, headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                #expect(try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin).status == .accepted)
                // Waits until the send is recorded, so the reminder below is one.
                try await ConnectorWebhookTests.waitFor {
                    let shown = try await client.send(.get, "\(requests)/\(id)", headers: admin).body["fulfilment"] as? [String: Any]
                    return (shown?["systems"] as? [[String: Any]])?.first?["dispatches"] as? Int == 1
                }
                #expect(receiver.signatureCount(0) == 2, "two signatures while the old secret is valid")
                #expect(receiver.verifies(0, with: new) && receiver.verifies(0, with: old))

                // A day later the reminder is signed with the new secret alone.
                clock.offset.withLock { $0 = 24 * 3600 + 60 }
                _ = try await services.fulfilmentService(clock: ConnectorWebhookTests.Shifted(clock: clock), logger: ContactAPITests.quiet).runOnce()
                try await ConnectorWebhookTests.waitFor { receiver.count >= 2 }
                #expect(receiver.signatureCount(1) == 1 && receiver.verifies(1, with: new) && !receiver.verifies(1, with: old))

                // The evidence lists both sends to the webhook system (the first and the reminder), without the token's nonce.
                let evidence = try await client.send(.get, "\(requests)/\(id)/evidence", headers: admin)
                let steps = (evidence.body["evidence"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
                let dispatches = steps.filter { $0["action"] as? String == "request.systemDispatched" }.compactMap {
                    $0["detail"] as? [String: String]
                }
                #expect(
                    dispatches.map { $0["system"] } == ["crm", "crm"] && dispatches.map { $0["reminder"] } == ["false", "true"], "\(dispatches)")
                #expect(dispatches.allSatisfy { $0["nonce"] == nil })

                let unknown = try await client.send(.post, "\(systems)/nowhere/rotate-secret", headers: admin)
                #expect(unknown.status == .notFound && unknown.body.errorCode == "system_not_found")
                _ = try await client.send(.put, "\(systems)/desk", json: #"{"connector":{"kind":"manual"}}"#, headers: admin)
                let manual = try await client.send(.post, "\(systems)/desk/rotate-secret", headers: admin)
                #expect(manual.status == .conflict && manual.body.errorCode == "system_not_webhook")
                #expect(manual.body.error?["message"] is String)

                let trail = try await services.store.auditEntries(of: "demo", before: nil, limit: 50).filter { $0.entry.target == "crm" }
                #expect(trail.map(\.entry.action) == ["system.rotate-secret"])
                #expect(trail.first?.entry.actor.hasPrefix("key:") == true)
                #expect(!trail.contains { ($0.entry.after ?? "").contains("whsec_") || ($0.entry.before ?? "").contains("whsec_") })
            }
        }
    }
}
