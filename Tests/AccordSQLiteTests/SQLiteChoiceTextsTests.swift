import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// Choices texts stored once (`SQLiteChoiceTexts`) and the SDK's idempotency keys in 17 bytes (`SQLiteCompactKeys`),
/// with the migrations that rewrite a database written by the code before them.
@Suite struct SQLiteChoiceTextsTests {
    /// A store on `database` migrated only as far as the layout before the two migrations, and its fixture.
    static func storeBeforeTheMigrations(_ database: TemporaryDatabase) async throws -> (SQLiteConsentStore, ContractFixture) {
        let queue = try DatabaseQueue(path: database.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30-outbox-pending-line")
        try queue.close()
        let store = try SQLiteConsentStore(path: database.path, durability: .normal)
        return (store, try await ContractFixture.make(in: store))
    }

    /// A database of main's layout before the two migrations (every choices text and key in its row) is rewritten in
    /// place: the events and state read back as they were, the chains audit clean, every stored key is still answered
    /// as a replay, and the appends after it share the texts already stored.
    @Test func migrationSharesTextsAndPacksKeysAndTheyStillVerifyAndReplay() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, fixture) = try await Self.storeBeforeTheMigrations(database)
        let subjects = [fixture.newSubject(), fixture.newSubject()]
        let sdkKey = "0123456789abcdef0123456789abcdef"
        let keys: [String?] = [
            sdkKey, "0123456789ABCDEF0123456789ABCDEF", "import-" + String(repeating: "0a", count: 20), "client-key-1", nil,
        ]
        let choices: [[PurposeKey: ConsentChoice]] = [
            ["analytics": .granted, "marketing": .denied], ["analytics": .granted, "marketing": .denied],
            ["analytics": .denied], ["analytics": .granted, "marketing": .denied], [:],
        ]
        var events = keys.enumerated().map { index, key in
            fixture.event(subjects[index % 2], choices[index], offset: Double(index), idempotencyKey: key)
        }
        events[2].source = .import
        let plan = AppendPlanner.plan(events: events, heads: [], earlier: [], states: [])
        // Written as main's code wrote them: the choices and the SDK's keys as text, the other compact cells as the
        // migrations before left them.
        try await DatabaseQueue(path: database.path).write { db in
            for insert in plan.inserts {
                var values = try SQLiteCompactCells.eventValues(insert.record)
                if let key = insert.record.idempotencyKey, !key.hasPrefix("import-") {
                    values[EventRecord.columns.firstIndex(of: "idempotency_key")!] = key
                }
                try db.execute(sql: SQLiteInserts.event, arguments: StatementArguments(values))
            }
            for row in plan.states { try SQLiteInserts.runState(StateRecord(row), db: db) }
            for head in plan.heads {
                try db.execute(sql: "INSERT INTO chain_heads VALUES (?, ?, ?)", arguments: [head.chain, head.position, head.hash])
            }
        }
        let before = try await store.states(of: subjects, in: fixture.property.id)

        try await store.migrate()

        for (index, subject) in subjects.enumerated() {
            let migrated = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
            #expect(migrated.reversed().map(\.event) == events.enumerated().filter { $0.offset % 2 == index }.map(\.element))
        }
        #expect(try await store.states(of: subjects, in: fixture.property.id) == before)
        #expect(try await StoreAudit.run(store).isClean)
        let exported = try await store.eventsInChainOrder(after: nil, limit: 10).map(\.event)
        #expect(Set(exported.map(\.id)) == Set(events.map(\.id)) && exported.count == events.count)
        let cells = try await storedCells(database)
        // Two distinct texts of 8 bytes or more are shared, in order of first use; `{}` stays in its row.
        #expect(cells.texts == [ConsentEventEncoding.choicesText(choices[0]), ConsentEventEncoding.choicesText(choices[2])])
        #expect(cells.choices == ["ref 1", "ref 1", "ref 2", "ref 1", "literal 2"])
        #expect(cells.keys == ["blob 17", "text 32", "blob 21", "text 12", "null 0"])
        for (index, key) in keys.enumerated() {
            guard let key else { continue }
            var retry = fixture.event(subjects[index % 2], choices[index], offset: Double(index), idempotencyKey: key)
            retry.source = events[index].source
            retry.id = .make(at: Date())
            guard case .replayed(let replayed, _) = try await store.append([retry])[0] else {
                Issue.record("the key \(key) was not answered as a replay")
                continue
            }
            #expect(replayed.event == events[index])
        }
        // Appends after the migration use the stored texts and add new ones.
        let next = try await store.append([
            fixture.event(subjects[0], choices[0], offset: 10, idempotencyKey: "fedcba9876543210fedcba9876543210"),
            fixture.event(subjects[1], ["marketing": .granted], offset: 11),
        ])
        #expect(next.compactMap(\.stored?.event.idempotencyKey) == ["fedcba9876543210fedcba9876543210"])
        #expect(try await StoreAudit.run(store).isClean)
        let after = try await storedCells(database)
        #expect(after.texts.count == 3 && after.texts.last == ConsentEventEncoding.choicesText(["marketing": .granted]))
        #expect(after.choices.suffix(2) == ["ref 1", "ref 3"])
        #expect(after.keys.suffix(2) == ["blob 17", "null 0"])
    }

    /// A file written before the migration (an older backup, audited by `accord restore` before anything is replaced,
    /// or by `accord audit verify`) reads and audits as it is, without being migrated.
    @Test func aDatabaseBeforeTheMigrationReadsAndAuditsAsItIs() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, fixture) = try await Self.storeBeforeTheMigrations(database)
        let events = (0..<3).map { fixture.event(fixture.newSubject(), ["analytics": .granted], offset: Double($0)) }
        let plan = AppendPlanner.plan(events: events, heads: [], earlier: [], states: [])
        try await DatabaseQueue(path: database.path).write { db in
            for insert in plan.inserts {
                try db.execute(sql: SQLiteInserts.event, arguments: StatementArguments(try SQLiteCompactCells.eventValues(insert.record)))
            }
            for row in plan.states { try SQLiteInserts.runState(StateRecord(row), db: db) }
            for head in plan.heads {
                try db.execute(sql: "INSERT INTO chain_heads VALUES (?, ?, ?)", arguments: [head.chain, head.position, head.hash])
            }
        }
        #expect(Set(try await store.eventsInChainOrder(after: nil, limit: 10).map(\.event.id)) == Set(events.map(\.id)))
        #expect(try await store.events(of: events[0].subject, in: fixture.property.id, before: nil, limit: 10).map(\.event) == [events[0]])
        #expect(try await StoreAudit.run(store).isClean)
        let tables = try await DatabaseQueue(path: database.path).read { db in try db.tableExists("choice_texts") }
        #expect(!tables)
    }

    /// A fresh store shares each text once however many events carry it; the short `{}` stays in its row.
    @Test func freshStoreStoresEachTextOnce() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let both: [PurposeKey: ConsentChoice] = ["analytics": .granted, "marketing": .granted]
        var events: [ConsentEvent] = []
        for index in 0..<20 {
            events.append(fixture.event(fixture.newSubject(), index.isMultiple(of: 2) ? both : ["analytics": .denied], offset: Double(index)))
        }
        events.append(fixture.event(fixture.newSubject(), [:], offset: 30))
        _ = try await store.append(Array(events.prefix(7)))
        _ = try await store.append(Array(events.dropFirst(7)))
        let cells = try await storedCells(database)
        #expect(cells.texts == [ConsentEventEncoding.choicesText(both), ConsentEventEncoding.choicesText(["analytics": .denied])])
        #expect(cells.choices.last == "literal 2")
        #expect(Set(cells.choices.dropLast()) == ["ref 1", "ref 2"])
        let stored = try await store.eventsInChainOrder(after: nil, limit: 100).map(\.event)
        #expect(Set(stored.map(\.choices)) == Set(events.map(\.choices)) && stored.count == events.count)
        #expect(try await StoreAudit.run(store).isClean)
    }

    /// Past the table's capacity a new text stays in its row, and reads back all the same.
    @Test func aFullTableLeavesNewTextsInTheirRows() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        try await DatabaseQueue(path: database.path).write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                    INSERT INTO choice_texts (text) SELECT '{"filler":"' || i || '"}' FROM n
                    """, arguments: [SQLiteChoiceTexts.capacity])
        }
        let event = fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)
        _ = try await store.append([event])
        let cells = try await storedCells(database)
        #expect(cells.choices == ["literal \(ConsentEventEncoding.choicesText(event.choices).utf8.count)"])
        #expect(try await store.eventsInChainOrder(after: nil, limit: 10).map(\.event) == [event])
    }

    /// Changing a shared text changes every event that refers to it, and the audit says so; the table refuses it
    /// unless its trigger is dropped first.
    @Test func aChangedSharedTextFailsTheAudit() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)])
        let flipped = ConsentEventEncoding.choicesText(["analytics": .denied])
        await #expect(throws: DatabaseError.self) {
            try await DatabaseQueue(path: database.path).write { db in
                try db.execute(sql: "UPDATE choice_texts SET text = ?", arguments: [flipped])
            }
        }
        #expect(try await StoreAudit.run(store).isClean)
        try await DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "DROP TRIGGER choice_texts_no_update")
            try db.execute(sql: "UPDATE choice_texts SET text = ?", arguments: [flipped])
        }
        #expect(try await StoreAudit.run(store).chainFailure != nil)
    }

    /// A number no stored text has is damage: reading the event reports its choices as not valid, never a crash.
    @Test func aNumberWithoutTextIsCorrupt() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)])
        try await DatabaseQueue(path: database.path).write { db in
            try db.execute(sql: "DROP TRIGGER consent_events_no_update")
            try db.execute(sql: "UPDATE consent_events SET choices = '999'")
        }
        await #expect(throws: StoreError.corrupt("consent_events.choices is not valid")) {
            try await store.eventsInChainOrder(after: nil, limit: 10)
        }
    }

    /// The SDK's keys come back exactly; capitals, other lengths and bytes no writer makes stay apart.
    @Test func sdkKeysComeBackExactlyAndOthersStayText() throws {
        let key = "00ff10ee20dd30cc40bb50aa60997088"
        let packed = try #require(SQLiteCompactKeys.storedKey(key) as? Data)
        #expect(packed.count == 17 && packed.first == 2 && SQLiteCompactKeys.keyText(packed) == key)
        for text in ["00FF10EE20DD30CC40BB50AA60997088", "00ff10ee20dd30cc40bb50aa6099708", "00ff10ee20dd30cc40bb50aa6099708g"] {
            #expect(SQLiteCompactKeys.storedKey(text) as? String == text)
        }
        #expect(SQLiteCompactKeys.keyText(Data([1] + Array(repeating: 0, count: 16))) == nil)
        #expect(SQLiteCompactKeys.keyText(Data([2] + Array(repeating: 0, count: 15))) == nil)
    }

    private struct Cells {
        var texts: [String]
        var choices: [String]
        var keys: [String]
    }

    private func storedCells(_ database: TemporaryDatabase) async throws -> Cells {
        try await DatabaseQueue(path: database.path).read { db in
            Cells(
                texts: try String.fetchAll(db, sql: "SELECT text FROM choice_texts ORDER BY id"),
                choices: try Row.fetchAll(
                    db, sql: "SELECT typeof(choices), choices FROM consent_events ORDER BY seq"
                ).map { row -> String in
                    let value: String = row[1]
                    #expect(row[0] as String == "text")
                    return value.hasPrefix("{") ? "literal \(value.utf8.count)" : "ref \(value)"
                },
                keys: try Row.fetchAll(
                    db, sql: "SELECT typeof(idempotency_key), coalesce(length(idempotency_key), 0) FROM consent_events ORDER BY seq"
                ).map { "\($0[0] as String) \($0[1] as Int)" })
        }
    }
}
