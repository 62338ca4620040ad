import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import GRDB
import Testing

/// Hand edits to the SQLite file, as a tamperer who owns it would make them, must fail the audit.
@Suite struct SQLiteTamperTests {
    /// A database with a few events; returns the store and the recorded events.
    func populated(_ database: TemporaryDatabase) async throws -> (SQLiteConsentStore, [StoredEvent]) {
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let subject = fixture.newSubject()
        let results = try await store.append(
            (0..<5).map {
                fixture.event(subject, ["analytics": $0.isMultiple(of: 2) ? .granted : .denied], offset: Double($0))
            })
        #expect(try await StoreAudit.run(store).isClean)
        return (store, results.compactMap(\.stored))
    }

    func execute(_ database: TemporaryDatabase, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in try db.execute(sql: sql, arguments: arguments) }
    }

    @Test func applicationCannotUpdateOrDeleteEvents() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        _ = try await populated(database)
        #expect(throws: DatabaseError.self) { try execute(database, "UPDATE consent_events SET region = 'FR'") }
        #expect(throws: DatabaseError.self) { try execute(database, "DELETE FROM consent_events") }
    }

    @Test func editedChoiceIsNamedByTheAudit() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, events) = try await populated(database)
        try execute(database, "DROP TRIGGER consent_events_no_update")
        try execute(
            database, "UPDATE consent_events SET choices = '{\"analytics\":\"granted\"}' WHERE id = ?", [events[1].event.id.rawValue])
        let report = try await StoreAudit.run(store)
        let edited = events[1]
        #expect(
            report.chainFailure
                == .hashMismatch(kind: "event", id: edited.event.id.rawValue, chain: edited.link.chain, position: edited.link.position))
    }

    @Test func editedTimestampIsCaught() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, events) = try await populated(database)
        try execute(database, "DROP TRIGGER consent_events_no_update")
        try execute(database, "UPDATE consent_events SET recorded_at = recorded_at + 1 WHERE id = ?", [events[3].event.id.rawValue])
        #expect(try await StoreAudit.run(store).chainFailure != nil)
    }

    @Test func deletedLastEventIsCaught() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, events) = try await populated(database)
        try execute(database, "DROP TRIGGER consent_events_no_delete")
        try execute(database, "DELETE FROM consent_state")
        try execute(database, "DELETE FROM consent_events WHERE id = ?", [events[4].event.id.rawValue])
        let report = try await StoreAudit.run(store)
        #expect(report.chainFailure == .headMismatch(chain: events[4].link.chain, expectedPosition: 5, foundPosition: 4))
    }

    @Test func editedStateRowIsCaught() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, _) = try await populated(database)
        try execute(database, "UPDATE consent_state SET choice = 'denied' WHERE choice = 'granted'")
        let report = try await StoreAudit.run(store)
        #expect(report.chainFailure == nil)
        #expect(report.stateMismatches > 0)
    }
}
