import AccordCore
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// A subject's message counter lives in its vault row when it has one (`SQLiteOutbox.Counter`, migration
/// `2026-12-01-outbox-counter-in-vault`), else in `outbox_subject_sequences`: wherever it is, a subject's messages
/// number strictly upwards and each links to the one before it, also across the migration, a vault row that
/// appears after the subject's first messages, and shredding or erasure.
@Suite struct SQLiteOutboxCounterTests {
    let vaulted = SubjectKey(bytes: Array(repeating: 7, count: 32))!
    let visitor = SubjectKey(bytes: Array(repeating: 9, count: 32))!
    let property = PropertyID(rawValue: "demo")
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    @Test func countersStoredBeforeTheMigrationMoveIntoTheVaultAndNumberingContinues() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        // Counters far above the messages' time floor, so only a kept counter numbers the next message after them.
        let high = SubjectSequence.floor(at: start + 3600)
        do {
            let queue = try DatabaseQueue(path: database.path)
            try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-12-01-outbox-previous-message")
            try await queue.write { [vaulted, visitor, start] db in
                try db.execute(
                    sql: """
                        INSERT INTO subject_vault (property_id, subject_key, key_id, wrapped_key, identity, contact, created_at, updated_at)
                        VALUES ('demo', ?, ?, X'01', X'02', NULL, ?, ?)
                        """,
                    arguments: [Data(vaulted.bytes), Data(repeating: 1, count: 16), start.millisecondsSince1970, start.millisecondsSince1970])
                for (seq, subject) in [(1, vaulted), (2, visitor)] {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_messages (seq, id, channel, type, property_id, subject_key, payload, created_at, subject_seq)
                            VALUES (?, ?, 'webhook', 'consent.recorded', 'demo', ?, X'7B7D', ?, ?)
                            """,
                        arguments: [seq, "msg_\(seq)", Data(subject.bytes), start.millisecondsSince1970, high + Int64(seq)])
                    try db.execute(
                        sql: "INSERT INTO outbox_subject_sequences (property_id, subject_key, last, last_seq) VALUES ('demo', ?, ?, ?)",
                        arguments: [Data(subject.bytes), high + Int64(seq), seq])
                }
            }
        }
        let store = try await database.open(durability: .full)
        let stored = try await counters(database)
        #expect(stored.vault == [Data(vaulted.bytes): Pair(high + 1, 1)], "moved into the subject's vault row")
        #expect(stored.table == [Data(visitor.bytes): Pair(high + 2, 2)], "a subject without a vault row keeps its row")
        try await store.enqueue([entry("msg_3", vaulted), entry("msg_4", visitor)])
        let numbers = try await numbers(database)
        #expect(numbers["msg_3"] == Pair(high + 2, 1))
        #expect(numbers["msg_4"] == Pair(high + 3, 2))
    }

    @Test func aSubjectCountedBeforeItHadAVaultRowGoesOnFromItsLastMessage() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open(durability: .full)
        try await store.enqueue([entry("msg_a", vaulted)])
        try await store.insertVaultEntries([vaultEntry(vaulted)])
        try await store.enqueue([entry("msg_b", vaulted)])
        try await store.enqueue([entry("msg_c", vaulted)])
        let numbers = try await numbers(database)
        let first = SubjectSequence.floor(at: start)
        #expect(numbers["msg_a"] == Pair(first, nil))
        #expect(numbers["msg_b"] == Pair(first + 1, 1))
        #expect(numbers["msg_c"] == Pair(first + 2, 2))
        #expect(try await counters(database).vault[Data(vaulted.bytes)] == Pair(first + 2, 3))
    }

    @Test func aShreddedOrErasedSubjectsLaterMessagesStillFollowItsEarlierOnes() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open(durability: .full)
        let first = SubjectSequence.floor(at: start)
        try await store.insertVaultEntries([vaultEntry(vaulted)])
        try await store.enqueue([entry("msg_a", vaulted)])
        #expect(try await counters(database).table.isEmpty, "a vaulted subject's counter dirties no row of its own")
        #expect(try await store.shredVaultEntry(of: vaulted, in: property))
        #expect(try await counters(database).table == [Data(vaulted.bytes): Pair(first, 1)])
        try await store.enqueue([entry("msg_b", vaulted)])
        try await store.insertVaultEntries([vaultEntry(vaulted)])
        try await store.enqueue([entry("msg_c", vaulted)])
        _ = try await store.eraseSubjects([vaulted], in: property, at: start)
        try await store.enqueue([entry("msg_d", vaulted)])
        let numbers = try await numbers(database)
        #expect(numbers["msg_b"] == Pair(first + 1, 1))
        #expect(numbers["msg_c"] == Pair(first + 2, 2))
        #expect(numbers["msg_d"] == Pair(first + 3, 3))
        // The order check follows those links: msg_a holds the others back until it is delivered.
        let claimed = try await store.claim(channel: .webhook, destinations: ["wh_a"], now: start + 60, lease: .seconds(60), limit: 10)
        #expect(claimed.map(\.delivery.message.id) == ["msg_a"])
    }

    // MARK: Helpers

    struct Pair: Equatable, CustomStringConvertible {
        var last: Int64?
        var link: Int64?
        init(_ last: Int64?, _ link: Int64?) {
            self.last = last
            self.link = link
        }
        var description: String { "(\(last.map(String.init) ?? "nil"), \(link.map(String.init) ?? "nil"))" }
    }

    private func entry(_ id: String, _ subject: SubjectKey) -> OutboxEntry {
        OutboxEntry(
            message: OutboxMessage(
                id: id, channel: .webhook, type: "consent.recorded", property: property, subject: subject,
                payload: Array("{}".utf8), createdAt: start),
            destinations: ["wh_a"])
    }

    private func vaultEntry(_ subject: SubjectKey) -> VaultEntry {
        VaultEntry(
            property: property, subject: subject, keyID: Array(repeating: 3, count: 16), wrappedKey: [1], identity: [2],
            contact: nil, createdAt: start, updatedAt: start)
    }

    /// Each message's per-subject number and `previous_seq`, by id.
    private func numbers(_ database: TemporaryDatabase) async throws -> [String: Pair] {
        try await DatabaseQueue(path: database.path).read { db in
            var result: [String: Pair] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, subject_seq, previous_seq FROM outbox_messages") {
                result[row["id"]] = Pair(row["subject_seq"], row["previous_seq"])
            }
            return result
        }
    }

    /// The stored counters (last, last_seq) by subject: in the vault rows, and in `outbox_subject_sequences`.
    private func counters(_ database: TemporaryDatabase) async throws -> (vault: [Data: Pair], table: [Data: Pair]) {
        try await DatabaseQueue(path: database.path).read { db in
            var vault: [Data: Pair] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT subject_key, outbox_last, outbox_last_seq FROM subject_vault WHERE outbox_last IS NOT NULL")
            {
                vault[row["subject_key"]] = Pair(row["outbox_last"], row["outbox_last_seq"])
            }
            var table: [Data: Pair] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT subject_key, last, last_seq FROM outbox_subject_sequences") {
                table[row["subject_key"]] = Pair(row["last"], row["last_seq"])
            }
            return (vault, table)
        }
    }
}
