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

    /// SQLite keeps whatever type it is given; a cell of another type than its column's is reported by column.
    @Test(arguments: [
        ("consent_events", "recorded_at", "'yesterday'"), ("consent_events", "subject_key", "'k'"), ("consent_events", "gpc", "2"),
        ("consent_events", "client_time", "1.5"), ("consent_state", "since", "'now'"), ("chain_heads", "position", "'x'"),
        // Text columns turn a number into its text (their affinity), so the wrong storage class there is a blob.
        ("consent_state", "choice", "x'01'"), ("consent_state", "expires_at", "'soon'"), ("consent_state", "policy_version", "1.5"),
        ("consent_state", "event_id", "x'00'"), ("consent_state", "expiry_notice", "x'02'"),
        ("audit_entries", "recorded_at", "'yesterday'"),
    ])
    func mistypedCellIsCorruptNotACrash(_ table: String, _ column: String, _ value: String) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let (store, events) = try await populated(database)
        let (subject, property) = (events[0].event.subject, events[0].event.property)
        // An audit entry, so there is one to damage.
        let stored = try #require(try await store.property(property))
        try await store.saveProperty(
            stored, audit: AuditEntry(property: property, actor: "t", action: "property.update", before: nil, after: "{}", at: Date()),
            replacing: stored)
        try await database.damage("UPDATE \(table) SET \(column) = \(value)")
        let corrupt = StoreError.corrupt("\(table).\(column) does not hold a valid value")
        switch table {
        case "consent_events": await #expect(throws: corrupt) { try await store.eventsInChainOrder(after: nil, limit: 10) }
        case "consent_state": await #expect(throws: corrupt) { try await store.states(of: [subject], in: property) }
        case "chain_heads": await #expect(throws: corrupt) { try await store.chainHeads() }
        default: await #expect(throws: corrupt) { try await store.auditEntries(of: property, before: nil, limit: 10) }
        }
    }
}
