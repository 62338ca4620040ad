import AccordCore
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// The claim's per-(destination, subject) order follows each message's link to the subject's previous message
/// (`previous_seq`): links made by the migration for messages queued before it, and by an import of undelivered
/// messages.
@Suite struct SQLiteOutboxLinksTests {
    let subject = SubjectKey(bytes: Array(repeating: 7, count: 32))!
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    @Test func messagesQueuedBeforeTheMigrationKeepTheirSubjectsOrder() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        do {
            let queue = try DatabaseQueue(path: database.path)
            try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30-outbox-pending-line")
            try await queue.write { [subject, start] db in
                for (seq, destination) in [(1, "wh_a"), (2, "wh_b"), (3, "wh_a")] {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_messages (seq, id, channel, type, property_id, subject_key, payload, created_at, subject_seq)
                            VALUES (?, ?, 'webhook', 'consent.recorded', 'demo', ?, X'7B7D', ?, ?)
                            """,
                        arguments: [seq, "msg_\(seq)", Data(subject.bytes), start.millisecondsSince1970 + Int64(seq), seq])
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_deliveries (message_seq, destination, channel, subject_key, status, attempts, next_attempt_at)
                            VALUES (?, ?, 'webhook', ?, 'pending', 0, ?)
                            """,
                        arguments: [seq, destination, Data(subject.bytes), start.millisecondsSince1970])
                }
                try db.execute(
                    sql: "INSERT INTO outbox_subject_sequences (property_id, subject_key, last) VALUES ('demo', ?, 3)",
                    arguments: [Data(subject.bytes)])
            }
        }
        let store = try await database.open(durability: .full)
        try await expectOrder(store, first: "msg_1", then: "msg_3")
        // A message queued after the migration links to the last one before it: it waits for msg_3, still out.
        let later = OutboxMessage(
            id: "msg_4", channel: .webhook, type: "consent.recorded", property: PropertyID(rawValue: "demo"), subject: subject,
            payload: Array("{}".utf8), createdAt: start + 10)
        try await store.enqueue([OutboxEntry(message: later, destinations: ["wh_a"])])
        let claimed = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: start + 60, lease: .seconds(60), limit: 10)
        #expect(claimed.isEmpty)
        let lapsed = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: start + 200, lease: .seconds(60), limit: 10)
        #expect(lapsed.map(\.delivery.message.id) == ["msg_3"], "msg_3's lease lapsed: it goes again, msg_4 still behind it")
    }

    @Test func undeliveredMessagesMovedToAnotherDatabaseKeepTheirSubjectsOrder() async throws {
        let source = TemporaryDatabase()
        let target = TemporaryDatabase()
        defer {
            source.remove()
            target.remove()
        }
        let from = try await source.open(durability: .full)
        let messages = (0..<3).map { index in
            OutboxMessage(
                id: "msg_\(index)", channel: .webhook, type: "consent.recorded", property: PropertyID(rawValue: "demo"),
                subject: subject, payload: Array("{}".utf8), createdAt: start + Double(index))
        }
        try await from.enqueue([
            OutboxEntry(message: messages[0], destinations: ["wh_a"]), OutboxEntry(message: messages[1], destinations: ["wh_b"]),
            OutboxEntry(message: messages[2], destinations: ["wh_a"]),
        ])
        let to = try await target.open(durability: .full)
        try await to.importUndeliveredDeliveries(try await from.undeliveredDeliveries(after: nil, limit: 100))
        try await expectOrder(to, first: "msg_0", then: "msg_2")
    }

    /// `wh_a` gets `first` alone, then, once it is delivered, `then`; `wh_b`'s message never waits for them.
    private func expectOrder(_ store: SQLiteConsentStore, first: String, then: String) async throws {
        let time = start + 60
        let claimed = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: time, lease: .seconds(60), limit: 10)
        #expect(claimed.map(\.delivery.message.id) == [first])
        #expect(try await store.claim(channel: .webhook, destinations: ["wh_b"], now: time, lease: .seconds(60), limit: 10).count == 1)
        #expect(try await store.claim(channel: .webhook, destinations: nil, now: time, lease: .seconds(60), limit: 10).isEmpty)
        let report = AttemptReport(at: time, statusCode: 200, error: nil, latencyMilliseconds: 1)
        #expect(try await store.finish(claimed[0], attempt: report, outcome: .delivered))
        let next = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: time, lease: .seconds(60), limit: 10)
        #expect(next.map(\.delivery.message.id) == [then])
    }
}
