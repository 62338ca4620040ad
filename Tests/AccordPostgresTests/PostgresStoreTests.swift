import AccordCore
import AccordPostgres
import AccordStoreTesting
import Foundation
import PostgresNIO
import Testing

/// What only PostgreSQL can show: the schema's own guards, and several instances on one database.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresStoreTests {
    @Test func schemaRefusesToUpdateOrDeleteEvents() async throws {
        try await TestPostgres.withStore { store in
            let fixture = try await ContractFixture.make(in: store)
            _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])
            for statement in ["UPDATE consent_events SET region = 'FR'", "DELETE FROM consent_events", "TRUNCATE consent_events CASCADE"] {
                await #expect(throws: PSQLError.self) {
                    _ = try await store.client.query(PostgresQuery(unsafeSQL: statement)).collect()
                }
            }
            #expect(try await StoreAudit.run(store).eventCount == 1)
        }
    }

    @Test func migratingTwiceChangesNothing() async throws {
        try await TestPostgres.withStore { store in
            try await store.migrate()
            let rows = try await store.client.query("SELECT count(*), count(DISTINCT name) FROM accord_migrations").collect()
            let row = try #require(rows.first)
            let (applied, distinct) = try row.decode((Int, Int).self)
            #expect(applied > 0)
            #expect(applied == distinct)
        }
    }

    /// Two stores with their own pools stand for two instances: the same idempotency keys sent to both at
    /// once store one event each, and every chain still verifies.
    @Test func twoInstancesHonourSharedIdempotencyKeys() async throws {
        try await TestPostgres.withSchema { schema in
            let settings = try TestPostgres.settings()
            let one = PostgresConsentStore(settings: settings, searchPath: schema, logger: TestPostgres.logger)
            let two = PostgresConsentStore(settings: settings, searchPath: schema, logger: TestPostgres.logger)
            try await one.withRunningClient {
                try await two.withRunningClient {
                    try await one.migrate()
                    try await two.migrate()
                    let fixture = try await ContractFixture.make(in: one)
                    let subjects = (0..<40).map { _ in fixture.newSubject() }
                    // Each key is sent twice: half the time for the same subject (a retry: replayed), half the
                    // time for another subject, whose chain is not locked by the first (a reuse: refused).
                    let events = (0..<200).map { index in
                        let key = index % 100
                        let subject = index >= 100 && !key.isMultiple(of: 2) ? subjects[(key + 7) % 40] : subjects[key % 40]
                        return fixture.event(subject, ["analytics": .granted], offset: Double(index), idempotencyKey: "key-\(key)")
                    }
                    let results = try await withThrowingTaskGroup(of: [AppendResult].self) { group in
                        for (index, chunk) in stride(from: 0, to: events.count, by: 10).enumerated() {
                            let store = index.isMultiple(of: 2) ? one : two
                            let batch = Array(events[chunk..<chunk + 10])
                            group.addTask { try await store.append(batch) }
                        }
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                    #expect(results.count == 200)
                    let recorded = results.filter { if case .recorded = $0 { true } else { false } }
                    #expect(recorded.count == 100)
                    let report = try await StoreAudit.run(two)
                    #expect(report.isClean)
                    #expect(report.eventCount == 100)
                }
            }
        }
    }
}
