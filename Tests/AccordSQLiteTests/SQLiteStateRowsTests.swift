import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// The check's and the planner's direct read of state rows (`SQLiteStateRows`) gives what the flat record gives.
@Suite struct SQLiteStateRowsTests {
    /// Rows of both event-id forms (a UUID's 16 bytes, any other id as text), with and without expiry and notice,
    /// read back as the states folded from the events, by the check's read and by the planner's.
    @Test func readsTheStatesTheEventsFoldTo() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        var events: [ConsentEvent] = []
        let subjects = (0..<5).map { _ in fixture.newSubject() }
        for (index, subject) in subjects.enumerated() {
            var first = fixture.event(subject, ["analytics": .granted, "marketing": .denied], offset: Double(index))
            if index == 1 { first.id = EventID(rawValue: "imported-\(index)") }  // stored as text
            if index == 2 { first.expiresAt = [:] }  // never expires
            let second = fixture.event(subject, ["marketing": .granted], offset: Double(index) + 100)
            events += [first, second]
        }
        _ = try await store.append(events)
        try await DatabaseQueue(path: database.path).read { db in
            let kinds = try Set(String.fetchAll(db, sql: "SELECT typeof(event_id) FROM consent_state"))
            #expect(kinds == ["blob", "text"])
        }
        let unknown = fixture.newSubject()
        let read = try await store.states(of: subjects + [unknown, subjects[0]], in: fixture.property.id)
        let expected = Dictionary(
            uniqueKeysWithValues: subjects.map { subject in
                (subject, ConsentState(folding: events.filter { $0.subject == subject }))
            })
        #expect(read == expected)
        let reference = try #require(AppendPlanner.lookups(for: [events[2]]).subjects.first)
        let rows = try await store.pool.read { db in try SQLiteStateRows.rows(of: reference, db: db) }
        #expect(rows.sorted() == (try await store.allStates()).filter { $0.subject == subjects[1] }.sorted())
        #expect(rows.count == 2)
    }

    @Test func writesTheUUIDTextTheCompactCellsWrite() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(bytes.withUnsafeBytes { SQLiteStateRows.uuidText($0) } == SQLiteCompactCells.eventIDText(bytes))
        }
    }

    /// The check's read binds the keys itself on a cached statement: a full 1,000-key batch with repeats and unknown
    /// keys, the same statement again, other sizes between, another property's rows and the planner's read on the
    /// same connections all give the states the events fold to, and nothing bound for one read leaks into the next.
    @Test func batchReadsOfEverySizeReuseTheirStatementsCleanly() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let subjects = (0..<600).map { _ in fixture.newSubject() }
        let events = subjects.enumerated().map { index, subject in
            fixture.event(subject, ["analytics": index.isMultiple(of: 3) ? .granted : .denied, "marketing": .granted])
        }
        _ = try await store.append(events)
        let expected = Dictionary(
            uniqueKeysWithValues: zip(subjects, events).map { subject, event in (subject, ConsentState(folding: [event])) })
        let unknown = (0..<300).map { _ in fixture.newSubject() }
        let batch = Array((subjects + unknown + subjects.prefix(100)).prefix(1_000))
        #expect(batch.count == 1_000)
        for round in 0..<3 {
            let read = try await store.states(of: batch, in: fixture.property.id)
            #expect(read == expected, "round \(round)")
            for size in [1, 2, 7, 999] {
                let part = Array(batch.suffix(size))
                let partRead = try await store.states(of: part, in: fixture.property.id)
                #expect(partRead == expected.filter { part.contains($0.key) }, "size \(size)")
            }
            #expect(try await store.states(of: batch, in: PropertyID(rawValue: "another-property")).isEmpty)
            #expect(try await store.states(of: unknown, in: fixture.property.id).isEmpty)
            let reference = try #require(AppendPlanner.lookups(for: [events[round]]).subjects.first)
            let rows = try await store.pool.read { db in try SQLiteStateRows.rows(of: reference, db: db) }
            #expect(rows.count == 2)
        }
    }
}
