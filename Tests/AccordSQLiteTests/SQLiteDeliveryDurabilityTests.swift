import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import Testing

/// The writer's sync level: consent writes durable as configured, webhook bookkeeping written without a sync of
/// its own and still read back, and the writer durable again after it.
@Suite struct SQLiteDeliveryDurabilityTests {
    @Test func theWriterSyncsAsTheConfiguredDurabilitySays() async throws {
        for (durability, level) in [(SQLiteConsentStore.Durability.full, 2), (.normal, 1)] {
            let database = TemporaryDatabase()
            defer { database.remove() }
            let store = try await database.open(durability: durability)
            // 2 is FULL (a sync on every commit), 1 NORMAL; GRDB's pool would leave its writer at NORMAL.
            #expect(try await store.writerSynchronous() == level)
        }
    }

    @Test func webhookOutcomesWrittenWithoutASyncAreReadBackAfterReopeningAndConsentWritesStayDurable() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let fixture: ContractFixture
        let subject: SubjectKey
        let hook: OutboxMessage
        let next: OutboxMessage
        let mail: OutboxMessage
        do {
            let store = try await database.open(durability: .full)
            fixture = try await ContractFixture.make(in: store)
            subject = fixture.newSubject()
            hook = message(fixture, subject, channel: .webhook, offset: 0)
            next = message(fixture, subject, channel: .webhook, offset: 1)
            mail = message(fixture, subject, channel: .mail, offset: 2)
            try await store.enqueue([
                OutboxEntry(message: hook, destinations: ["wh_a"]), OutboxEntry(message: next, destinations: ["wh_a"]),
                OutboxEntry(message: mail, destinations: ["mail:a"]),
            ])
            let now = fixture.start.addingTimeInterval(5)
            let claimed = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: now, lease: .seconds(60), limit: 10)
            #expect(claimed.map(\.delivery.message.id) == [hook.id])
            #expect(try await store.writerSynchronous() == 2)
            let report = AttemptReport(at: now, statusCode: 200, error: nil, latencyMilliseconds: 3)
            let (kept, following) = try await store.finishAndClaim(
                [DeliveryResult(claim: claimed[0], attempt: report, outcome: .delivered)], channel: .webhook,
                destinations: ["wh_a"], now: now, lease: .seconds(60), limit: 10)
            #expect(kept == [true] && following.map(\.delivery.message.id) == [next.id])
            #expect(try await store.finish([DeliveryResult(claim: following[0], attempt: report, outcome: .retry(at: now + 60))]) == [true])
            let mails = try await store.claim(channel: .mail, destinations: nil, now: now, lease: .seconds(60), limit: 10)
            #expect(try await store.finish([DeliveryResult(claim: mails[0], attempt: report, outcome: .delivered)]) == [true])
            // Every relaxed write set the writer back: the next consent write syncs.
            #expect(try await store.writerSynchronous() == 2)
            _ = try await store.append([fixture.event(subject, ["analytics": .granted], offset: 10)])
            #expect(try await store.writerSynchronous() == 2)
        }
        let reopened = try await database.open(durability: .full)
        let deliveries = try await reopened.deliveries(to: "wh_a", after: nil, limit: 10)
        #expect(deliveries.map(\.status) == [.delivered, .pending])
        #expect(deliveries.map(\.attempts) == [1, 1])
        #expect(try await reopened.attempts(to: "wh_a", before: nil, limit: 10).map(\.messageID) == [next.id, hook.id])
        #expect(try await reopened.deliveries(to: "mail:a", after: nil, limit: 10).map(\.status) == [.delivered])
        #expect(try await reopened.events(of: subject, in: fixture.property.id, before: nil, limit: 5).count == 1)
    }

    private func message(_ fixture: ContractFixture, _ subject: SubjectKey, channel: OutboxChannel, offset: TimeInterval) -> OutboxMessage {
        OutboxMessage(
            id: OutboxMessage.randomID(), channel: channel, type: channel == .mail ? "mail.reminder" : "consent.recorded",
            property: fixture.property.id, subject: subject, payload: Array("{}".utf8), createdAt: fixture.start.addingTimeInterval(offset))
    }
}
