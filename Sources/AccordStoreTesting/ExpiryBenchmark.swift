import AccordCore
import Foundation

/// The expiry sweep benchmark both durable backends run (`scripts/bench-expiry.sh`): over `rows` granted state
/// rows whose expiries are spread evenly over a year from `fixture.start`, it times a sweep with nothing due
/// (the cost of looking), one that records the `expiring` notices of the first 30 days, and one more with
/// nothing new (the cost of the rows already noticed), and prints them with the query plan.
public enum ExpiryBenchmark {
    /// `ACCORD_BENCH_EXPIRY_ROWS`; 0 (the suites are skipped) when unset.
    public static let rows = Int(ProcessInfo.processInfo.environment["ACCORD_BENCH_EXPIRY_ROWS"] ?? "") ?? 0

    /// The SQLite sweep query, to print its plan (`EXPLAIN QUERY PLAN`).
    public static let sqliteQuery = """
        SELECT s.*, e.regime, e.region, e.policy_hash
        FROM consent_state AS s JOIN consent_events AS e ON e.id = s.event_id
        WHERE s.choice = 'granted' AND s.expires_at IS NOT NULL AND s.expiry_notice IS NOT 'expired'
            AND coalesce(s.expiry_notice, 'none') = 'none' AND s.expires_at <= ? AND (s.expires_at, s.property_id, s.subject_key, s.purpose_key) > (?, ?, ?, ?)
        ORDER BY s.expires_at, s.property_id, s.subject_key, s.purpose_key LIMIT ?
        """

    /// Times the three sweeps and prints one block of figures.
    public static func run(
        backend: String, store: any ConsentStore, fixture: ContractFixture, rows: Int, built: Duration, plan: String
    ) async throws {
        let sweep = ExpirySweep(store: store)
        let clock = ContinuousClock()
        let day: TimeInterval = 86_400
        // Nothing due: the horizon (now + 30 days) ends before the first expiry.
        var quiet = ExpirySweep.Report()
        let quietTime = try await clock.measure { quiet = try await sweep.run(at: fixture.start.addingTimeInterval(-31 * day)) }
        var busy = ExpirySweep.Report()
        let busyTime = try await clock.measure { busy = try await sweep.run(at: fixture.start) }
        var again = ExpirySweep.Report()
        let againTime = try await clock.measure { again = try await sweep.run(at: fixture.start.addingTimeInterval(60)) }
        let perSecond = Double(busy.expiring + busy.expired) / max(busyTime.seconds, 0.000_001)
        print(
            """
            expiry sweep benchmark, \(backend), \(rows) state rows (built in \(format(built)) by one INSERT ... SELECT)
              sweep with nothing due:            \(format(quietTime)) (\(quiet.examined) rows read)
              sweep recording 30 days' notices:  \(format(busyTime)) (\(busy.examined) rows read, \(busy.expiring + busy.expired) notices, \(Int(perSecond)) notices/s)
              next sweep, all already noticed:   \(format(againTime)) (\(again.examined) rows read, \(again.expiring + again.expired) notices)
              query plan: \(plan)
            """)
    }

    private static func format(_ duration: Duration) -> String { String(format: "%.3f s", duration.seconds) }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
