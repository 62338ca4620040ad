import AccordCore
import Foundation
import Testing

/// What every store does with webhook endpoints: keeps them, and queues each new consent event's and policy
/// publication's messages for every endpoint subscribed to them (whatever its status: only active ones are sent to), in the write's own transaction.
public enum WebhookEndpointContract {
    public static let cases: [OutboxContractCase] = [
        OutboxContractCase(name: "endpointsAreSavedListedByCursorAndDeleted") { store in
            let fixture = try await ContractFixture.make(in: store)
            let endpoints = (0..<3).map { index in
                fixture.endpoint(id: "wh_\(index)", events: [.consentRecorded], status: index == 2 ? .paused : .active)
            }
            for endpoint in endpoints { try await store.saveWebhookEndpoint(endpoint) }
            #expect(try await store.webhookEndpoint("wh_1", of: fixture.property.id) == endpoints[1])
            #expect(try await store.webhookEndpoint("wh_1", of: PropertyID(rawValue: "other")) == nil)
            let first = try await store.webhookEndpoints(of: fixture.property.id, after: nil, limit: 2)
            #expect(first.map(\.id) == ["wh_0", "wh_1"])
            #expect(try await store.webhookEndpoints(of: fixture.property.id, after: "wh_1", limit: 2).map(\.id) == ["wh_2"])
            var rotated = endpoints[0]
            rotated.previousSecret = rotated.secret
            rotated.secret = Array("new secret".utf8)
            rotated.previousSecretExpiresAt = fixture.start.addingTimeInterval(86_400)
            rotated.status = .failing
            try await store.saveWebhookEndpoint(rotated)
            #expect(try await store.webhookEndpoint("wh_0", of: fixture.property.id) == rotated)
            let failing = try await store.webhookEndpoints(withStatus: [.failing, .paused]).filter { $0.property == fixture.property.id }
            #expect(failing.map(\.id) == ["wh_0", "wh_2"])
            #expect(try await store.deleteWebhookEndpoint("wh_1", of: fixture.property.id))
            #expect(try await store.deleteWebhookEndpoint("wh_1", of: fixture.property.id) == false)
            #expect(try await store.webhookEndpoints(of: fixture.property.id, after: nil, limit: 10).map(\.id) == ["wh_0", "wh_2"])
        },
        OutboxContractCase(name: "consentEventsQueueTheirMessagesForSubscribedEndpoints") { store in
            let fixture = try await ContractFixture.make(in: store)
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let all = fixture.endpoint(id: "wh_all\(suffix)", events: [.consentRecorded, .consentWithdrawn], status: .active)
            let paused = fixture.endpoint(id: "wh_paused\(suffix)", events: [.consentWithdrawn], status: .paused)
            let failing = fixture.endpoint(id: "wh_failing\(suffix)", events: [.consentRecorded], status: .failing)
            for endpoint in [all, paused, failing] { try await store.saveWebhookEndpoint(endpoint) }
            let subject = fixture.newSubject()
            let grant = fixture.event(subject, ["analytics": .granted, "marketing": .granted], idempotencyKey: "k1")
            let withdraw = fixture.event(subject, ["analytics": .denied], offset: 1)
            _ = try await store.append([grant])
            _ = try await store.append([grant])  // an idempotent replay announces nothing again
            _ = try await store.append([withdraw])
            let sent = try await store.deliveries(to: all.id, after: nil, limit: 10)
            #expect(sent.map(\.message.type) == ["consent.recorded", "consent.recorded", "consent.withdrawn"])
            #expect(
                sent.map(\.message.id) == [
                    ConsentMessages.messageID(of: grant.id, type: .consentRecorded),
                    ConsentMessages.messageID(of: withdraw.id, type: .consentRecorded),
                    ConsentMessages.messageID(of: withdraw.id, type: .consentWithdrawn),
                ])
            #expect(sent.allSatisfy { $0.message.subject == subject && $0.message.property == fixture.property.id })
            #expect(sent[2].message.createdAt == withdraw.recordedAt)
            // Stored thin (a reference to the event) and rendered at delivery from the stored history.
            #expect(ConsentMessages.referencedEvent(in: sent[2].message.payload) == withdraw.id)
            let rendered = try await ConsentMessageRenderer(log: store).rendered(sent[2].message)
            #expect(try await ConsentMessageRenderer(log: store).rendered(sent[2].message) == rendered, "the same body every time")
            let data = try #require(try JSONSerialization.jsonObject(with: Data(rendered.payload)) as? [String: Any])
            #expect(data["withdrawn"] as? [String] == ["analytics"])
            #expect(data["eventId"] as? String == withdraw.id.rawValue)
            let state = try #require(data["state"] as? [String: [String: Any]])
            #expect(state["analytics"]?["status"] as? String == "denied" && state["marketing"]?["status"] as? String == "granted")
            #expect(try await store.deliveries(to: paused.id, after: nil, limit: 10).map(\.message.type) == ["consent.withdrawn"])
            // A failing (or 410-disabled) endpoint keeps its queue, like a paused one, so a resume catches up.
            #expect(
                try await store.deliveries(to: failing.id, after: nil, limit: 10).map(\.message.type) == [
                    "consent.recorded", "consent.recorded",
                ])
        },
        OutboxContractCase(name: "publishingQueuesPolicyPublished") { store in
            let fixture = try await ContractFixture.make(in: store)
            let endpoint = fixture.endpoint(
                id: "wh_policy" + UUID().uuidString.prefix(8).lowercased(), events: [.policyPublished], status: .active)
            try await store.saveWebhookEndpoint(endpoint)
            var property = fixture.property
            property.currentPolicyVersion = 2
            let version = PolicyVersion(publishing: property, version: 2, previous: fixture.policy, at: fixture.start, by: "test")
            let entry = AuditEntry(
                property: property.id, actor: "test", action: "policy.publish", target: "2", before: nil, after: nil, at: fixture.start)
            try await store.publish(version, property: property, audit: entry, replacing: fixture.property)
            let sent = try await store.deliveries(to: endpoint.id, after: nil, limit: 10)
            #expect(sent.map(\.message.id) == [PolicyMessages.messageID(of: version)])
            #expect(sent.first?.message.subject == nil && sent.first?.message.type == "policy.published")
            _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 10).count == 1, "not subscribed to consent")
        },
        OutboxContractCase(name: "deletingAnEndpointDropsItsPendingDeliveries") { store in
            let fixture = try await ContractFixture.make(in: store)
            let endpoint = fixture.endpoint(
                id: "wh_gone" + UUID().uuidString.prefix(8).lowercased(), events: [.consentRecorded], status: .active)
            try await store.saveWebhookEndpoint(endpoint)
            _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 10).count == 1)
            #expect(try await store.deleteWebhookEndpoint(endpoint.id, of: fixture.property.id))
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 10).isEmpty)
        },
    ]
}

extension WebhookEndpointContract {
    /// For the durable stores, whose transactions can fail half-way: a rolled-back append queues nothing.
    public static let durableCases: [OutboxContractCase] = [
        OutboxContractCase(name: "aRolledBackAppendQueuesNoMessage") { store in
            let fixture = try await ContractFixture.make(in: store)
            let endpoint = fixture.endpoint(
                id: "wh_rollback" + UUID().uuidString.prefix(8).lowercased(), events: [.consentRecorded], status: .active)
            try await store.saveWebhookEndpoint(endpoint)
            let good = fixture.event(fixture.newSubject(), ["analytics": .granted])
            var bad = fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)
            bad.policyVersion = 99  // no such version: the insert fails and the whole batch rolls back
            await #expect(throws: (any Error).self) { _ = try await store.append([good, bad]) }
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 10).isEmpty)
            _ = try await store.append([good])
            #expect(try await store.deliveries(to: endpoint.id, after: nil, limit: 10).count == 1)
        }
    ]
}

extension ContractFixture {
    /// An endpoint of the fixture's property.
    public func endpoint(id: String, events: [WebhookEventType], status: WebhookEndpointStatus) -> WebhookEndpoint {
        WebhookEndpoint(
            id: id, property: property.id, url: "https://hooks.example/\(id)", events: events, description: "test \(id)",
            status: status, secret: Array("secret of \(id)".utf8), createdAt: start, updatedAt: start)
    }
}
