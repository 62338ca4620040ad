import AccordCore
import AccordPostgres
import AccordStoreTesting
import Foundation
import PostgresNIO
import Testing

/// The expiry sweep over a large state view on PostgreSQL (`scripts/bench-expiry.sh` runs it): prints figures.
@Suite(.enabled(if: TestPostgres.shouldRun && ExpiryBenchmark.rows > 0, "set ACCORD_BENCH_EXPIRY_ROWS to run"))
struct PostgresExpiryBenchmark {
    @Test func sweepOverManyStateRows() async throws {
        try await TestPostgres.withStore { store in
            let fixture = try await ContractFixture.make(in: store)
            let seed = try #require(
                try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])[0].stored)
            let rows = ExpiryBenchmark.rows
            let start = fixture.start.millisecondsSince1970
            let spacing = Int64(365 * 86_400_000) / Int64(rows)
            let property = fixture.property.id.rawValue
            let version = fixture.policy.version
            let event = seed.event.id.rawValue
            let built = try await ContinuousClock().measure {
                _ = try await store.client.query(
                    """
                    INSERT INTO consent_state
                        (property_id, subject_key, purpose_key, choice, since, expires_at, policy_version, event_id)
                    SELECT \(property), sha256(int8send(i)), 'analytics', 'granted', \(start), \(start) + i * \(spacing),
                        \(version), \(event)
                    FROM generate_series(0, \(rows - 1)) AS i
                    """
                ).collect()
                _ = try await store.client.query("ANALYZE consent_state").collect()
            }
            let plan = try await store.client.query(
                """
                EXPLAIN SELECT s.*, e.regime, e.region, e.policy_hash
                FROM consent_state AS s JOIN consent_events AS e ON e.id = s.event_id
                WHERE s.choice = 'granted' AND s.expires_at IS NOT NULL AND s.expiry_notice IS DISTINCT FROM 'expired'
                    AND coalesce(s.expiry_notice, 'none') = 'none' AND s.expires_at <= \(start + 30 * 86_400_000)
                    AND (s.expires_at, s.property_id, s.subject_key, s.purpose_key) > (\(Int64.min), '', ''::bytea, '')
                ORDER BY s.expires_at, s.property_id, s.subject_key, s.purpose_key LIMIT 500
                """
            ).collect().map { try $0.decode(String.self) }
            try await ExpiryBenchmark.run(
                backend: "PostgreSQL 15", store: store, fixture: fixture, rows: rows, built: built,
                plan: plan.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; "))
        }
    }
}
