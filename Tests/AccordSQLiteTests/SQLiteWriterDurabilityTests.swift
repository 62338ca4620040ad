import AccordCore
import AccordStoreTesting
import Foundation
import Testing

@testable import AccordSQLite

/// A relaxed (unsynced) webhook write that cannot set the writer back to `synchronous = FULL`: it fails instead of
/// stopping the process, and no consent event commits without its sync meanwhile.
@Suite struct SQLiteWriterDurabilityTests {
    @Test func aWriterThatCannotBeSetBackToFullRefusesDurableCommitsUntilItIs() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let subject: SubjectKey
        let property: PropertyID
        do {
            let store = try await database.open(durability: .full)
            let fixture = try await ContractFixture.make(in: store)
            subject = fixture.newSubject()
            property = fixture.property.id
            let message = OutboxMessage(
                id: OutboxMessage.randomID(), channel: .webhook, type: "consent.recorded", property: property, subject: subject,
                payload: Array("{}".utf8), createdAt: fixture.start)
            try await store.enqueue([OutboxEntry(message: message, destinations: ["wh_a"])])

            // Both tries to set FULL again fail: the claim (already committed) reports it rather than trapping.
            store.writerDurability.failingRestores = 2
            await #expect(throws: StoreError.self) {
                _ = try await store.claim(
                    channel: .webhook, destinations: ["wh_a"], now: fixture.start + 5, lease: .seconds(60), limit: 10)
            }
            #expect(store.writerDurability.relaxed)
            // The writer is at NORMAL now: a consent write is refused, not committed without a sync.
            await #expect(throws: StoreError.self) {
                _ = try await store.append([fixture.event(subject, ["analytics": .granted], offset: 10)])
            }
            #expect(try await store.events(of: subject, in: property, before: nil, limit: 5).isEmpty)
            // The refusal set the level again: the retry commits, synced.
            #expect(try await store.writerSynchronous() == 2)
            #expect(!store.writerDurability.relaxed)
            _ = try await store.append([fixture.event(subject, ["analytics": .granted], offset: 11)])
            #expect(try await store.writerSynchronous() == 2)
        }
        let reopened = try await database.open(durability: .full)
        #expect(try await reopened.events(of: subject, in: property, before: nil, limit: 5).count == 1)
        #expect(try await reopened.deliveries(to: "wh_a", after: nil, limit: 10).count == 1)
    }

    @Test func aRelaxedWriteSetsTheWriterBackBeforeTheNextDurableOne() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open(durability: .full)
        let fixture = try await ContractFixture.make(in: store)
        // One failing restore: the second try succeeds, the relaxed write answers normally.
        store.writerDurability.failingRestores = 1
        #expect(try await store.claim(channel: .webhook, destinations: ["wh_a"], now: fixture.start, lease: .seconds(60), limit: 10).isEmpty)
        #expect(!store.writerDurability.relaxed)
        #expect(try await store.writerSynchronous() == 2)
        _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)])
    }
}
