import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// The compact cells of `consent_events` and `consent_state` (`SQLiteCompactCells`) and the migration that
/// rewrites a database written before them (`SQLiteCompactRows`).
@Suite struct SQLiteCompactRowsTests {
    /// A database written by the layout before the migration (hashes, expiries and state event ids as text) is
    /// rewritten in place: every event reads back as it was, the chains and the state still audit clean, the
    /// cells are the compact forms, and the store goes on appending.
    @Test func migrationRewritesRowsOfTheEarlierLayoutAndTheyStillVerify() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let queue = try DatabaseQueue(path: database.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30-event-origin")
        try queue.close()
        let old = try SQLiteConsentStore(path: database.path, durability: .normal)
        let fixture = try await ContractFixture.make(in: old)
        let subject = fixture.newSubject()
        var events = (0..<4).map {
            fixture.event(subject, ["analytics": .granted, "marketing": $0 == 2 ? .denied : .granted], offset: Double($0))
        }
        // One event whose purposes expire at different instants keeps its JSON text.
        events[1].expiresAt["marketing"] = events[1].recordedAt.addingTimeInterval(30 * 86_400)
        let plan = AppendPlanner.plan(events: events, heads: [], earlier: [], states: [])
        // Written as the code before the migration wrote them: every record cell as its text.
        try await DatabaseQueue(path: database.path).write { db in
            for insert in plan.inserts {
                try db.execute(sql: SQLiteInserts.event, arguments: StatementArguments(try SQLiteInserts.values(insert.record)))
            }
            for row in plan.states {
                try db.execute(sql: SQLiteInserts.state, arguments: StatementArguments(try SQLiteInserts.values(StateRecord(row))))
            }
            for head in plan.heads {
                try db.execute(sql: "INSERT INTO chain_heads VALUES (?, ?, ?)", arguments: [head.chain, head.position, head.hash])
            }
            #expect(try String.fetchOne(db, sql: "SELECT typeof(hash) FROM consent_events LIMIT 1") == "text")
        }
        let before = try await old.states(of: [subject], in: fixture.property.id)

        try await old.migrate()

        let migrated = try await old.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
        #expect(migrated.reversed().map(\.event) == events)
        #expect(migrated.reversed().map(\.link) == plan.inserts.map(\.link))
        #expect(try await old.states(of: [subject], in: fixture.property.id) == before)
        #expect(try await StoreAudit.run(old).isClean)
        try await DatabaseQueue(path: database.path).read { db in
            let kinds = try Row.fetchAll(
                db,
                sql: "SELECT typeof(hash), typeof(prev_hash), typeof(policy_hash), expires_at FROM consent_events ORDER BY seq")
            #expect(kinds.allSatisfy { $0[0] == "blob" && $0[1] == "blob" && $0[2] == "blob" })
            #expect(kinds.map { ($0[3] as String).hasPrefix("{") } == [false, true, false, false])
            #expect(try String.fetchAll(db, sql: "SELECT DISTINCT typeof(event_id) FROM consent_state") == ["blob"])
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(consent_state)").isEmpty)
            #expect(try Bool.fetchOne(db, sql: "SELECT count(*) = 1 FROM sqlite_master WHERE name = 'consent_state_expiry'") == true)
            #expect(try Bool.fetchOne(db, sql: "SELECT count(*) = 1 FROM sqlite_master WHERE name = 'consent_events_no_update'") == true)
        }
        let next = try await old.append([fixture.event(subject, ["analytics": .denied], offset: 10)])
        #expect(next[0].stored?.sequence == 5)
        #expect(try await StoreAudit.run(old).isClean)
    }

    /// New rows are written compact from the start and read back as the texts of their record.
    @Test func appendedRowsAreStoredCompactAndReadBackExactly() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let subject = fixture.newSubject()
        let recorded = try await store.append([fixture.event(subject, ["analytics": .granted, "marketing": .denied])])
        let stored = try #require(recorded[0].stored)
        let read = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 1)
        #expect(read == [stored])
        try await DatabaseQueue(path: database.path).read { db in
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT length(hash), length(policy_hash), expires_at FROM consent_events"))
            #expect(row[0] == 32 && row[1] == 32)
            #expect(row[2] == String(stored.event.recordedAt.addingTimeInterval(365 * 86_400).millisecondsSince1970))
            #expect(try Int.fetchOne(db, sql: "SELECT DISTINCT length(event_id) FROM consent_state") == 16)
        }
    }

    /// Values of another form than the compact cells expect stay the text they are.
    @Test func valuesOfOtherFormsAreStoredAsText() throws {
        let upper = String(repeating: "AB", count: 32)
        #expect(SQLiteCompactCells.storedHash(upper) as? String == upper)
        #expect(SQLiteCompactCells.storedHash("abc") as? String == "abc")
        let lower = String(repeating: "0f", count: 32)
        let bytes = try #require(SQLiteCompactCells.storedHash(lower) as? Data)
        #expect(SQLiteCompactCells.hashText(bytes) == lower)
        #expect(SQLiteCompactCells.storedEventID("evt-1") as? String == "evt-1")
        #expect(SQLiteCompactCells.storedEventID("0192F3A0-0000-7000-8000-000000000000") is String)
        let id = "0192f3a0-1234-7abc-8def-0123456789ab"
        let idBytes = try #require(SQLiteCompactCells.storedEventID(id) as? Data)
        #expect(SQLiteCompactCells.eventIDText(idBytes) == id)
    }

    /// The one-instant form of the expiries is used only when the JSON text is written again byte for byte,
    /// keys with quotes, colons or escapes included.
    @Test func expiriesAreCompactOnlyWhenTheTextComesBackExactly() {
        let choices = ConsentEventEncoding.choicesText(["a\"b:c": .granted, "z": .denied, "é\\": .granted])
        let instant = Date(millisecondsSince1970: 1_795_000_000_123)
        let uniform = ConsentEventEncoding.expiriesText(["a\"b:c": instant, "z": instant, "é\\": instant])
        #expect(SQLiteCompactCells.storedExpiries(uniform, choices: choices) as? String == "1795000000123")
        #expect(SQLiteCompactCells.expiriesText(choices: choices, milliseconds: 1_795_000_000_123) == uniform)
        let mixed = ConsentEventEncoding.expiriesText(["a\"b:c": instant, "z": Date(millisecondsSince1970: 1), "é\\": instant])
        #expect(SQLiteCompactCells.storedExpiries(mixed, choices: choices) as? String == mixed)
        let fewer = ConsentEventEncoding.expiriesText(["z": instant])
        #expect(SQLiteCompactCells.storedExpiries(fewer, choices: choices) as? String == fewer)
        #expect(SQLiteCompactCells.storedExpiries("{}", choices: "{}") as? String == "{}")
        #expect(SQLiteCompactCells.expiriesText(choices: "{}", milliseconds: 1) == nil)
        #expect(SQLiteCompactCells.expiriesText(choices: #"{"a":"granted""#, milliseconds: 1) == nil)
    }

    /// The sweep finds each state row's event through the unique index on the event id, not a scan.
    @Test func sweepFindsEventsThroughTheIdIndex() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        _ = try await database.open()
        let plan = try await DatabaseQueue(path: database.path).read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteConsentStore.expiryQuery,
                arguments: ["none", 0, 0, "", Data(), "", 10]
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("SEARCH e USING INDEX sqlite_autoindex_consent_events_1") })
        #expect(!plan.contains { $0.contains("SCAN e") })
    }
}
