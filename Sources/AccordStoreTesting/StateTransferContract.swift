import AccordCore
import Foundation
import Testing

/// One check of the transfer contract: a source store with data and an empty target store of the same backend.
public struct TransferContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (_ source: any ConsentStore, _ target: any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// What every store must do to move the subject vault and the undelivered outbox to another database: list them in
/// key order, page by page, and store them back exactly, messages with their sequences, so the target continues
/// the per-subject order and an export of the target equals the source's.
public enum StateTransferContract {
    /// A source with a webhook endpoint, one delivered, one dead and two pending messages (one for a second endpoint
    /// too), and three vault entries over two properties.
    static func populate(_ store: any ConsentStore) async throws -> (ContractFixture, WebhookEndpoint) {
        let fixture = try await ContractFixture.make(in: store)
        let other = try await ContractFixture.make(in: store)
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: fixture.property.id, url: "https://crm.example/hook", events: [.consentRecorded],
            description: "crm", status: .active, secret: Array("whsec_c2VjcmV0".utf8), previousSecret: Array("old".utf8),
            previousSecretExpiresAt: fixture.start.addingTimeInterval(86_400), createdAt: fixture.start, updatedAt: fixture.start)
        try await store.saveWebhookEndpoint(endpoint)
        let subject = fixture.newSubject()
        func message(_ offset: TimeInterval, _ subject: SubjectKey?) -> OutboxMessage {
            OutboxMessage(
                id: OutboxMessage.randomID(), channel: .webhook, type: "consent.recorded", property: fixture.property.id, subject: subject,
                payload: Array(#"{"n":\#(Int(offset))}"#.utf8), createdAt: fixture.start.addingTimeInterval(offset))
        }
        try await store.enqueue([
            OutboxEntry(message: message(0, subject), destinations: [endpoint.id]),
            OutboxEntry(message: message(1, nil), destinations: [endpoint.id]),
            OutboxEntry(message: message(2, subject), destinations: [endpoint.id, "wh_second"]),
            OutboxEntry(message: message(3, fixture.newSubject()), destinations: [endpoint.id]),
        ])
        let now = fixture.start.addingTimeInterval(10)
        let claims = try await store.claim(channel: .webhook, destinations: [endpoint.id], now: now, lease: .seconds(60), limit: 10)
        let report = AttemptReport(at: now, statusCode: 500, error: nil, latencyMilliseconds: 12)
        // The first is delivered, the second dead, the fourth waits for a retry; the third was not claimable yet.
        let outcomes: [DeliveryOutcome] = [.delivered, .dead, .retry(at: now.addingTimeInterval(30))]
        _ = try await store.finish(zip(claims, outcomes).map { DeliveryResult(claim: $0, attempt: report, outcome: $1) })
        let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))
        var entries = try [fixture.newSubject(), fixture.newSubject()].map {
            try cipher.entry(for: "id-\($0.hex.prefix(6))", subject: $0, in: fixture.property.id, at: fixture.start)
        }
        entries.append(try cipher.entry(for: "other", subject: other.newSubject(), in: other.property.id, at: fixture.start))
        entries[0].contact = [1, 2, 3]
        try await store.insertVaultEntries(entries)
        return (fixture, endpoint)
    }

    static func all<T>(pageSize: Int, _ page: (T?, Int) async throws -> [T]) async throws -> [T] {
        var result: [T] = []
        while true {
            let next = try await page(result.last, pageSize)
            if next.isEmpty { return result }
            result += next
        }
    }

    public static let cases: [TransferContractCase] = [
        TransferContractCase(name: "vaultEntriesAreListedInKeyOrderPageByPageAndStoredBackAsTheyWere") { source, target in
            _ = try await populate(source)
            let listed = try await all(pageSize: 2) { last, limit in
                try await source.vaultEntries(after: last.map(VaultCursor.init(after:)), limit: limit)
            }
            #expect(listed.count == 3)
            let order = listed.map { "\($0.property.rawValue)/\($0.subject.hex)" }
            #expect(order == order.sorted(), "by property, then subject key bytes")
            #expect(listed.contains { $0.contact == [1, 2, 3] })
            try await target.insertVaultEntries(listed)
            for entry in listed { #expect(try await target.vaultEntry(of: entry.subject, in: entry.property) == entry) }
        },
        TransferContractCase(name: "undeliveredDeliveriesMoveWithTheirSequencesAndSchedule") { source, target in
            let (fixture, endpoint) = try await populate(source)
            let listed = try await all(pageSize: 2) { last, limit in
                try await source.undeliveredDeliveries(after: last.map(OutboxCursor.init(after:)), limit: limit)
            }
            #expect(listed.map(\.status) == [.dead, .pending, .pending, .pending], "the delivered one is not listed")
            #expect(listed.map(\.message.sequence) == listed.map(\.message.sequence).sorted())
            let retried = try #require(listed.last)
            #expect(retried.attempts == 1 && retried.lastStatusCode == 500 && retried.firstAttemptAt != nil)
            try await target.importUndeliveredDeliveries(listed)
            let moved = try await target.undeliveredDeliveries(after: nil, limit: 100)
            #expect(moved == listed)
            // Messages written after the move sort after the moved ones, and per-subject order holds: the subject's
            // pending message is claimed before anything newer about that subject.
            try await target.enqueue([
                OutboxEntry(
                    message: OutboxMessage(
                        id: OutboxMessage.randomID(), channel: .webhook, type: "webhook.test", property: fixture.property.id, subject: nil,
                        payload: [], createdAt: fixture.start),
                    destinations: [endpoint.id])
            ])
            let all = try await target.deliveries(to: endpoint.id, after: nil, limit: 100)
            #expect(all.last?.message.type == "webhook.test")
            #expect(all.last!.message.sequence > listed.map(\.message.sequence).max()!)
            let claims = try await target.claim(
                channel: .webhook, destinations: [endpoint.id, "wh_second"], now: fixture.start.addingTimeInterval(100), lease: .seconds(60),
                limit: 10)
            #expect(Set(claims.map(\.delivery.message.id)) == Set(listed.filter { $0.status == .pending }.map(\.message.id) + [all.last!.message.id]))
            // A moved subject's counter goes on after its moved messages, even for a message stamped earlier.
            let movedMessage = try #require(listed.last { $0.message.subject != nil }).message
            try await target.enqueue([
                OutboxEntry(
                    message: OutboxMessage(
                        id: OutboxMessage.randomID(), channel: .webhook, type: "consent.recorded", property: movedMessage.property,
                        subject: movedMessage.subject, payload: Array("{}".utf8), createdAt: fixture.start.addingTimeInterval(-3600)),
                    destinations: [endpoint.id])
            ])
            let after = try await target.deliveries(to: endpoint.id, after: nil, limit: 100).last!.message
            #expect(movedMessage.subjectSequence > 0 && after.subjectSequence > movedMessage.subjectSequence)
        },
        TransferContractCase(name: "anExportWithSecretsCarriesEndpointsDeliveriesAndTheVaultToAnEqualTarget") { source, target in
            _ = try await populate(source)
            let time = Date(millisecondsSince1970: 1_800_000_000_000)
            var sourceLines: [String] = []
            let summary = try await StoreExporter(store: source, includeSecrets: true, pageSize: 2).run(at: time) { sourceLines.append($0) }
            #expect(summary.webhookEndpoints == 1 && summary.outboxDeliveries == 4 && summary.vaultEntries == 3)
            var plain: [String] = []
            _ = try await StoreExporter(store: source, includeSecrets: false).run(at: time) { plain.append($0) }
            #expect(!plain.contains { $0.contains(#""type":"webhookEndpoint""#) || $0.contains(#""type":"vaultEntry""#) })
            #expect(!plain.contains { $0.contains(#""type":"outboxDelivery""#) })
            try await StoreImporter.prepare(target)
            var importer = StoreImporter(store: target, batchSize: 2)
            for (index, line) in sourceLines.enumerated() { try await importer.consume(line, number: index + 1) }
            let imported = try await importer.finish()
            #expect(imported.webhookEndpoints == 1 && imported.outboxDeliveries == 4 && imported.vaultEntries == 3)
            var targetLines: [String] = []
            _ = try await StoreExporter(store: target, includeSecrets: true).run(at: time) { targetLines.append($0) }
            #expect(targetLines == sourceLines)
        },
    ]
}
