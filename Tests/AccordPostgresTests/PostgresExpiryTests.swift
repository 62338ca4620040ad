import AccordCore
import AccordPostgres
import AccordStoreTesting
import Foundation
import PostgresNIO
import Testing

/// The expiry sweep with several instances on one database, and the index its query uses.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresExpiryTests {
    /// Three stores with their own pools stand for three instances, each sweeping at once as the clock passes
    /// the notice window and then the expiry: every grant gets exactly one `expiring` and one `expired` event.
    @Test func threeInstancesRecordEachNoticeExactlyOnce() async throws {
        try await TestPostgres.withSchema { schema in
            let settings = try TestPostgres.settings()
            let instances = (0..<3).map { _ in
                PostgresConsentStore(settings: settings, searchPath: schema, logger: TestPostgres.logger)
            }
            try await instances[0].withRunningClient {
                try await instances[1].withRunningClient {
                    try await instances[2].withRunningClient {
                        try await instances[0].migrate()
                        let fixture = try await ContractFixture.make(in: instances[0])
                        let subjects = (0..<60).map { _ in fixture.newSubject() }
                        _ = try await instances[0].append(subjects.map { fixture.event($0, ["analytics": .granted]) })
                        let expiry = fixture.start.addingTimeInterval(365 * 86_400)
                        for time in [expiry.addingTimeInterval(-30 * 86_400 + 1), expiry.addingTimeInterval(1)] {
                            let recorded = try await withThrowingTaskGroup(of: Int.self) { group in
                                for store in instances {
                                    group.addTask {
                                        let report = try await ExpirySweep(store: store, pageSize: 16).run(at: time)
                                        return report.expiring + report.expired
                                    }
                                }
                                return try await group.reduce(0, +)
                            }
                            #expect(recorded == subjects.count)
                        }
                        let rows = try await instances[1].client.query(
                            "SELECT kind, count(*)::bigint FROM consent_events WHERE source = 'expiry' GROUP BY kind ORDER BY kind"
                        ).collect()
                        let counts = try rows.map { try $0.decode((String, Int64).self) }
                        #expect(counts.map(\.0) == ["expired", "expiring"])
                        #expect(counts.map(\.1) == [60, 60])
                        let perSubject = try await instances[2].client.query(
                            """
                            SELECT count(*)::bigint FROM consent_events WHERE source = 'expiry'
                            GROUP BY subject_key, kind HAVING count(*) <> 1
                            """
                        ).collect()
                        #expect(perSubject.isEmpty)
                        #expect(try await StoreAudit.run(instances[2]).isClean)
                    }
                }
            }
        }
    }

    @Test func sweepQueryReadsTheExpiryIndex() async throws {
        try await TestPostgres.withStore { store in
            // An empty table is read fastest without an index: the planner is told not to scan it, to show the
            // index serves the query's WHERE and ORDER BY.
            let rows = try await store.client.withConnection { connection in
                _ = try await connection.query("SET enable_seqscan = off", logger: TestPostgres.logger).collect()
                return try await connection.query(
                    """
                    EXPLAIN SELECT s.* FROM consent_state AS s
                    WHERE s.choice = 'granted' AND s.expires_at IS NOT NULL AND s.expiry_notice IS DISTINCT FROM 'expired'
                    AND coalesce(s.expiry_notice, 'none') = 'expiring'
                        AND s.expires_at <= 0 AND (s.expires_at, s.property_id, s.subject_key, s.purpose_key) > (0, '', ''::bytea, '')
                    ORDER BY s.expires_at, s.property_id, s.subject_key, s.purpose_key LIMIT 10
                    """, logger: TestPostgres.logger
                ).collect()
            }
            let plan = try rows.map { try $0.decode(String.self) }.joined(separator: "\n")
            #expect(plan.contains("consent_state_expiry"))
        }
    }
}
