import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import GRDB
import Testing

/// The expiry sweep over a large state view (`scripts/bench-expiry.sh` runs it): prints figures, asserts none.
@Suite(.enabled(if: ExpiryBenchmark.rows > 0, "set ACCORD_BENCH_EXPIRY_ROWS to run the expiry sweep benchmark"))
struct SQLiteExpiryBenchmark {
    @Test func sweepOverManyStateRows() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        // One real event; the bulk rows all point at it, as the sweep only reads its regime, region and hash.
        let seed = try #require(try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])[0].stored)
        let rows = ExpiryBenchmark.rows
        let start = fixture.start.millisecondsSince1970
        let spacing = Int64(365 * 86_400_000) / Int64(rows)
        let built = ContinuousClock().measure {
            _ = try? DatabaseQueue(path: database.path).write { db in
                try db.execute(
                    sql: """
                        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
                        INSERT INTO consent_state
                            (property_id, subject_key, purpose_key, choice, since, expires_at, policy_version, event_id)
                        SELECT ?, randomblob(32), 'analytics', 'granted', ?, ? + i * ?, ?, ? FROM n
                        """,
                    arguments: [rows, fixture.property.id.rawValue, start, start, spacing, fixture.policy.version, seed.event.id.rawValue])
            }
        }
        let plan = try await DatabaseQueue(path: database.path).read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + ExpiryBenchmark.sqliteQuery, arguments: [0, Int64.min, "", Data(), "", 500]
            ).map { $0["detail"] as String? ?? "" }
        }
        try await ExpiryBenchmark.run(
            backend: "SQLite (WAL, synchronous=NORMAL)", store: store, fixture: fixture, rows: rows, built: built,
            plan: plan.joined(separator: "; "))
    }
}
