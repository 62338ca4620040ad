import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

@Suite struct SQLiteExpiryTests {
    /// The migration rebuilds `consent_events` to allow the `expiry` source: events stored before it keep
    /// their sequence numbers and links, and the chains still verify.
    @Test func migrationKeepsEarlierEventsAndTheirChains() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let queue = try DatabaseQueue(path: database.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30-event-authentication")
        try queue.close()
        let old = try SQLiteConsentStore(path: database.path, durability: .normal)
        let fixture = try await ContractFixture.make(in: old)
        let subject = fixture.newSubject()
        // Written as the code before the migration wrote them: without the columns it adds.
        let events = (0..<5).map { fixture.event(subject, ["analytics": .granted], offset: Double($0)) }
        let chain = AuditChain.chain(for: fixture.property.id, subject: subject)
        let columns = EventRecord.columns.filter { !["seq", "kind", "linked_subject", "form_ref", "origin"].contains($0) }
        try await DatabaseQueue(path: database.path).write { db in
            var head = ChainHead.genesis(of: chain)
            for event in events {
                let link = AuditChain.link(event, after: head)
                head = link.head
                let values = try EventRecord(event, link: link).columnValues()
                let named = Dictionary(uniqueKeysWithValues: zip(EventRecord.columns, values))
                let arguments = columns.map { column -> (any DatabaseValueConvertible)? in
                    switch named[column]! {
                    case .null: nil
                    case .text(let text): text
                    case .integer(let integer): integer
                    case .bool(let bool): bool
                    case .bytes(let bytes): bytes
                    }
                }
                try db.execute(
                    sql:
                        "INSERT INTO consent_events (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))",
                    arguments: StatementArguments(arguments))
                try db.execute(
                    sql: "INSERT OR REPLACE INTO consent_state VALUES (?, ?, 'analytics', 'granted', ?, ?, ?, ?)",
                    arguments: [
                        fixture.property.id.rawValue, Data(subject.bytes), event.recordedAt.millisecondsSince1970,
                        event.expiresAt["analytics"]!.millisecondsSince1970, fixture.policy.version, event.id.rawValue,
                    ])
            }
            try db.execute(sql: "INSERT INTO chain_heads VALUES (?, ?, ?)", arguments: [chain, head.position, head.hash])
        }
        try await old.migrate()
        let migrated = try await old.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
        #expect(migrated.reversed().map(\.event) == events)
        #expect(migrated.reversed().map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try await StoreAudit.run(old).isClean)
        let next = try await old.append([fixture.event(subject, ["analytics": .denied], offset: 10)])
        #expect(next[0].stored?.sequence == 6)
    }

    /// The sweep's query reads the partial index `consent_state_expiry` (which also gives its order).
    @Test func sweepQueryReadsTheExpiryIndex() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        _ = try await database.open()
        let plan = try await DatabaseQueue(path: database.path).read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteConsentStore.expiryQuery,
                arguments: ["none", 0, 0, "", Data(), "", 10]
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("consent_state_expiry") })
        #expect(!plan.contains { $0.contains("TEMP B-TREE") })
    }
}
