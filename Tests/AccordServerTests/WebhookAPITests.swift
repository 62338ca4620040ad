import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct WebhookAPITests {
    static let base = "/v1/admin/properties/demo/webhooks"

    func make(_ settings: [String: ConfigContent] = ["webhooks.allowInsecureLoopback": .bool(true)]) async throws -> TestApplication {
        let test = try await TestApplication.make(settings: settings)
        var services = test.services
        services.hostResolver = FixedHosts()
        return TestApplication(services: services, adminKey: test.adminKey)
    }

    @Test func anEndpointIsCreatedWithItsSecretShownOnceThenListedReadChangedAndDeleted() async throws {
        let test = try await make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, Self.base, json: #"{"url":"http://127.0.0.1:9/hook","events":["consent.recorded","consent.withdrawn"],"description":"CRM"}"#,
                headers: admin)
            #expect(created.status == .created)
            let id = try #require(created.body["id"] as? String)
            #expect(id.hasPrefix("wh_") && id.count == 27)
            #expect((created.body["secret"] as? String)?.hasPrefix("whsec_") == true)
            #expect(created.body["status"] as? String == "active")
            #expect(created.body["events"] as? [String] == ["consent.recorded", "consent.withdrawn"])
            let read = try await client.send(.get, "\(Self.base)/\(id)", headers: admin)
            #expect(read.status == .ok && read.body["secret"] == nil && read.body["description"] as? String == "CRM")
            let second = try await client.send(
                .post, Self.base, json: #"{"url":"https://hooks.example.com/x","events":["policy.published"]}"#, headers: admin)
            #expect(second.status == .created)
            let page = try await client.send(.get, "\(Self.base)?limit=1", headers: admin)
            let cursor = try #require(page.body["nextCursor"] as? String)
            #expect((page.body["webhooks"] as? [[String: Any]])?.count == 1)
            let rest = try await client.send(.get, "\(Self.base)?limit=1&cursor=\(cursor)", headers: admin)
            #expect((rest.body["webhooks"] as? [[String: Any]])?.count == 1)
            let changed = try await client.send(.patch, "\(Self.base)/\(id)", json: #"{"events":["webhook.test"]}"#, headers: admin)
            #expect(changed.body["events"] as? [String] == ["webhook.test"] && changed.body["url"] as? String == "http://127.0.0.1:9/hook")
            #expect(try await client.send(.delete, "\(Self.base)/\(id)", headers: admin).status == .noContent)
            #expect(try await client.send(.get, "\(Self.base)/\(id)", headers: admin).body.errorCode == "webhook_not_found")
        }
    }

    @Test(arguments: [
        (#"{"url":"https://hooks.example.com/","events":["consent.recorded","consent.deleted"]}"#, "events[1]", "event_type_unknown"),
        (#"{"url":"https://hooks.example.com/","events":[]}"#, "events", "events_missing"),
        (#"{"url":"http://hooks.example.com/","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://10.0.0.8/hook","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://169.254.169.254/latest","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://[::1]/","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://localhost/","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://intranet.example/hook","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"https://nowhere.example/hook","events":["consent.recorded"]}"#, "url", "url_not_allowed"),
        (#"{"url":"not a url","events":["consent.recorded"]}"#, "url", "url_invalid"),
        (#"{"events":["consent.recorded"]}"#, "url", nil),
        (#"{"url":"https://hooks.example.com/","events":"consent.recorded"}"#, "events", nil),
    ])
    func badEndpointsAreRefusedNamingTheField(_ body: String, _ field: String, _ code: String?) async throws {
        let test = try await make([:])
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, Self.base, json: body, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorField == field)
            if let code { #expect(answer.body.errorCode == code) }
        }
    }

    @Test func plainHTTPToLoopbackNeedsTheSetting() async throws {
        let test = try await make([:])
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .post, Self.base, json: #"{"url":"http://127.0.0.1:9/","events":["consent.recorded"]}"#, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent && answer.body.errorField == "url")
        }
    }

    @Test func rotatingKeepsTheOldSecretSigningForADay() async throws {
        let test = try await make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, Self.base, json: #"{"url":"http://127.0.0.1:9/","events":["consent.recorded"]}"#, headers: admin)
            let id = try #require(created.body["id"] as? String)
            let rotated = try await client.send(.post, "\(Self.base)/\(id)/rotate-secret", headers: admin)
            #expect(rotated.status == .ok)
            let secret = try #require(rotated.body["secret"] as? String)
            #expect(secret != created.body["secret"] as? String)
            let until = try #require((rotated.body["previousSecretExpiresAt"] as? String).flatMap { Date(rfc3339: $0) })
            #expect(abs(until.timeIntervalSinceNow - 86_400) < 60)
            let endpoint = try #require(try await test.services.store.webhookEndpoint(id, of: "demo"))
            let keys = test.services.webhookSecrets.keys(of: endpoint, at: Date())
            #expect(keys == [WebhookSignature.key(of: secret)!, WebhookSignature.key(of: created.body["secret"] as! String)!])
            #expect(test.services.webhookSecrets.keys(of: endpoint, at: until.addingTimeInterval(1)).count == 1, "only the new one after a day")
        }
    }

    @Test func consentWritesPauseTestReplayAndTheDeliveriesListing() async throws {
        let test = try await make()
        let admin = bearer(test.adminKey)
        let store = test.services.store
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, Self.base, json: #"{"url":"http://127.0.0.1:9/","events":["consent.recorded","webhook.test"]}"#, headers: admin)
            let id = try #require(created.body["id"] as? String)
            let consent = #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: consent, headers: localOrigin).status == .created)
            #expect(try await store.deliveries(to: id, after: nil, limit: 10).map(\.message.type) == ["consent.recorded"])
            let paused = try await client.send(.post, "\(Self.base)/\(id)/pause", headers: admin)
            #expect(paused.body["status"] as? String == "paused")
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: consent, headers: localOrigin).status == .created)
            #expect(try await store.deliveries(to: id, after: nil, limit: 10).count == 2, "a paused endpoint still queues")
            let tested = try await client.send(.post, "\(Self.base)/\(id)/test", headers: admin)
            #expect(tested.status == .accepted && (tested.body["messageId"] as? String)?.hasPrefix("msg_") == true)
            #expect(try await store.deliveries(to: id, after: nil, limit: 10).last?.message.type == "webhook.test")
            let resumed = try await client.send(.post, "\(Self.base)/\(id)/resume", headers: admin)
            #expect(resumed.body["status"] as? String == "active")
            let claims = try await store.claim(channel: .webhook, destinations: [id], now: Date(), lease: .seconds(60), limit: 10)
            for claim in claims {
                _ = try await store.finish(
                    claim, attempt: AttemptReport(at: Date(), statusCode: 204, error: nil, latencyMilliseconds: 3), outcome: .delivered)
            }
            let listing = try await client.send(.get, "\(Self.base)/\(id)/deliveries", headers: admin)
            let attempts = try #require(listing.body["deliveries"] as? [[String: Any]])
            #expect(attempts.count == claims.count && attempts.allSatisfy { $0["statusCode"] as? Int == 204 && $0["attempt"] as? Int == 1 })
            let replay = try await client.send(.post, "\(Self.base)/\(id)/replay", json: #"{"since":"2000-01-01T00:00:00Z"}"#, headers: admin)
            #expect(replay.status == .accepted && replay.body["requeued"] as? Int == 3)
            let bad = try await client.send(.post, "\(Self.base)/\(id)/replay", json: #"{"since":"yesterday"}"#, headers: admin)
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "since")
            let cursor = try await client.send(.get, "\(Self.base)?cursor=nope", headers: admin)
            #expect(cursor.status == .unprocessableContent && cursor.body.errorField == "cursor")
        }
    }
}

/// Names as a test network has them: `intranet.example` is private, `nowhere.example` does not resolve, every
/// other name is public. The tests never ask the machine's resolver.
struct FixedHosts: HostResolver {
    func addresses(of host: String) async -> [IPAddress] {
        switch host {
        case "intranet.example": [IPAddress("10.20.30.40")!]
        case "nowhere.example": []
        default: [IPAddress("93.184.216.34")!]
        }
    }
}
