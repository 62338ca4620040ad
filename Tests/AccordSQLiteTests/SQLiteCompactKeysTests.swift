import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// Import keys stored in 21 bytes (`SQLiteCompactKeys`), and the migration that rewrites a database written before.
@Suite struct SQLiteCompactKeysTests {
    /// A database of the layout before the migration (every key as text) is rewritten in place: the events read
    /// back as they were, the chains and state audit clean, a retry of a stored key is still answered as a replay,
    /// and appends go on with the compact form.
    @Test func migrationRewritesImportKeysAndTheyStillVerifyAndReplay() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let queue = try DatabaseQueue(path: database.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30-compact-event-rows")
        try queue.close()
        let store = try SQLiteConsentStore(path: database.path, durability: .normal)
        let fixture = try await ContractFixture.make(in: store)
        let subject = fixture.newSubject()
        let keys = ["import-" + String(repeating: "0a1b", count: 10), "import-" + String(repeating: "0A1B", count: 10), "client-key-1"]
        let events = keys.enumerated().map {
            fixture.event(subject, ["analytics": .granted], offset: Double($0), idempotencyKey: $1, source: .import)
        }
        let plan = AppendPlanner.plan(events: events, heads: [], earlier: [], states: [])
        // Written as the code before the migration wrote them: the key as text, the other compact cells as that
        // migration left them.
        try await DatabaseQueue(path: database.path).write { db in
            for insert in plan.inserts {
                var values = try SQLiteCompactCells.eventValues(insert.record)
                values[EventRecord.columns.firstIndex(of: "idempotency_key")!] = insert.record.idempotencyKey
                try db.execute(sql: SQLiteInserts.event, arguments: StatementArguments(values))
            }
            for row in plan.states { try SQLiteInserts.runState(StateRecord(row), db: db) }
            for head in plan.heads {
                try db.execute(sql: "INSERT INTO chain_heads VALUES (?, ?, ?)", arguments: [head.chain, head.position, head.hash])
            }
            #expect(try String.fetchOne(db, sql: "SELECT DISTINCT typeof(idempotency_key) FROM consent_events") == "text")
        }
        let before = try await store.states(of: [subject], in: fixture.property.id)

        try await store.migrate()

        let migrated = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
        #expect(migrated.reversed().map(\.event) == events)
        #expect(try await store.states(of: [subject], in: fixture.property.id) == before)
        #expect(try await StoreAudit.run(store).isClean)
        let stored = try await DatabaseQueue(path: database.path).read { db in
            try Row.fetchAll(db, sql: "SELECT typeof(idempotency_key), length(idempotency_key) FROM consent_events ORDER BY seq")
                .map { "\($0[0] as String) \($0[1] as Int)" }
        }
        // Only the lowercase import key is compact; a key in capitals is another key and stays its text.
        #expect(stored == ["blob 21", "text 47", "text 12"])
        for (index, key) in keys.enumerated() {
            var retry = fixture.event(subject, ["analytics": .granted], offset: Double(index), idempotencyKey: key, source: .import)
            retry.id = .make(at: Date())
            guard case .replayed(let replayed, _) = try await store.append([retry])[0] else {
                Issue.record("the key \(key) was not answered as a replay")
                continue
            }
            #expect(replayed.event == events[index])
        }
        let newKey = "import-" + String(repeating: "ff", count: 20)
        let next = try await store.append([
            fixture.event(subject, ["analytics": .denied], offset: 10, idempotencyKey: newKey, source: .import)
        ])
        #expect(next[0].stored?.sequence == 4)
        #expect(next[0].stored?.event.idempotencyKey == newKey)
        #expect(try await StoreAudit.run(store).isClean)
        let newLength = try await DatabaseQueue(path: database.path).read { db in
            try Int.fetchOne(db, sql: "SELECT length(idempotency_key) FROM consent_events WHERE seq = 4")
        }
        #expect(newLength == 21)
    }

    /// Import keys come back exactly; other keys, and bytes no writer makes, stay apart.
    @Test func importKeysComeBackExactlyAndOthersStayText() throws {
        let imported = "import-" + String(repeating: "9f", count: 20)
        let packed = try #require(SQLiteCompactKeys.storedKey(imported) as? Data)
        #expect(packed.count == 21 && SQLiteCompactKeys.keyText(packed) == imported)
        for text in [
            "import-" + String(repeating: "9F", count: 20), "import-abc", "import-" + String(repeating: "9g", count: 20),
            "0192f3a0-1234-7abc-8def-0123456789ab", "k", "",
        ] {
            #expect(SQLiteCompactKeys.storedKey(text) as? String == text)
        }
        #expect(SQLiteCompactKeys.keyText(Data([2] + Array(repeating: 0, count: 20))) == nil)
        #expect(SQLiteCompactKeys.keyText(Data([1] + Array(repeating: 0, count: 16))) == nil)
        #expect(SQLiteCompactKeys.keyText(Data()) == nil)
    }
}
