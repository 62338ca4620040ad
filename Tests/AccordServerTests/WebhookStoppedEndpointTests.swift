import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// An endpoint the sender stopped (`failing` after a dead letter, `disabled` after a 410) keeps queueing, as a paused
/// one does: `resume` then sends everything since it stopped, in order, and the dead-lettered message stays dead.
@Suite struct WebhookStoppedEndpointTests {
    static let base = "/v1/admin/properties/demo/webhooks"

    @Test(arguments: [WebhookEndpointStatus.failing, .disabled])
    func aStoppedEndpointQueuesMeanwhileAndResumeSendsItAll(stopped: WebhookEndpointStatus) async throws {
        let made = try await TestApplication.make(settings: ["webhooks.allowInsecureLoopback": .bool(true)])
        var services = made.services
        services.hostResolver = FixedHosts()
        let test = TestApplication(services: services, adminKey: made.adminKey)
        let admin = bearer(test.adminKey)
        let store = test.services.store
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, Self.base, json: #"{"url":"http://127.0.0.1:9/","events":["consent.recorded"]}"#, headers: admin)
            let id = try #require(created.body["id"] as? String)
            let consent = #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: consent, headers: localOrigin).status == .created)
            // The first message is dead-lettered (or answered 410) and the sender stops the endpoint.
            let first = try #require(
                try await store.claim(channel: .webhook, destinations: [id], now: Date(), lease: .seconds(60), limit: 10).first)
            let outcome: DeliveryOutcome = stopped == .failing ? .dead : .retry(at: Date())
            #expect(
                try await store.finish(
                    first, attempt: AttemptReport(at: Date(), statusCode: stopped == .failing ? 500 : 410, error: nil, latencyMilliseconds: 1),
                    outcome: outcome))
            var endpoint = try #require(try await store.webhookEndpoint(id, of: "demo"))
            endpoint.status = stopped
            try await store.saveWebhookEndpoint(endpoint)
            #expect((try await client.send(.get, "\(Self.base)/\(id)", headers: admin)).body["status"] as? String == stopped.rawValue)
            let later = #"{"subject":"\#(visitorA)","choices":{"analytics":"denied"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: later, headers: localOrigin).status == .created)
            let queued = try await store.deliveries(to: id, after: nil, limit: 10)
            #expect(queued.count == 2, "a \(stopped.rawValue) endpoint still queues")
            #expect(queued.last?.status == .pending)
            #expect(try await client.send(.post, "\(Self.base)/\(id)/resume", headers: admin).body["status"] as? String == "active")
            let sent = try await store.claim(channel: .webhook, destinations: [id], now: Date(), lease: .seconds(60), limit: 10)
            if stopped == .failing {
                #expect(sent.map(\.delivery.message.id) == [queued[1].message.id], "the dead letter stays dead; the later one goes")
            } else {
                #expect(sent.map(\.delivery.message.id) == [queued[0].message.id], "after a 410, the held message goes first")
            }
        }
    }
}
