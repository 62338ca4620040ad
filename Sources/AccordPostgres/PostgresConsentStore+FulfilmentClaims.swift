import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// Request runs' leases and the prepared outcomes of their steps (`FulfilmentClaims`). Migration
    /// `2026-11-30-fulfilment-claims`.
    static let fulfilmentClaims: [String] = [
        "CREATE TABLE fulfilment_claims (run_id text PRIMARY KEY, holder text NOT NULL, lease_until bigint NOT NULL)",
        """
        CREATE TABLE fulfilment_step_outcomes (
            run_id text NOT NULL, step text NOT NULL, outcome text NOT NULL, PRIMARY KEY (run_id, step)
        )
        """,
    ]

    /// `FulfilmentClaims`: the run's row is made if absent, then locked with `FOR UPDATE SKIP LOCKED` and leased in
    /// the same statement when its lease lapsed or is the holder's own. An instance claiming while another holds
    /// the row's lock skips it instead of waiting, and the lease condition is checked again on the locked row, so
    /// of two instances claiming at once exactly one wins.
    public func claimRun(_ run: String, holder: String, now: Date, lease: Duration) async throws -> Bool {
        let nowMS = now.millisecondsSince1970
        let until = now.addingTimeInterval(lease.timeInterval).millisecondsSince1970
        return try await guarded {
            _ = try await self.client.query(
                "INSERT INTO fulfilment_claims (run_id, holder, lease_until) VALUES (\(run), '', 0) ON CONFLICT (run_id) DO NOTHING",
                logger: self.logger
            ).collect()
            let rows = try await self.client.query(
                """
                WITH free AS (
                    SELECT run_id FROM fulfilment_claims
                    WHERE run_id = \(run) AND (lease_until <= \(nowMS) OR holder = \(holder))
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE fulfilment_claims c SET holder = \(holder), lease_until = \(until)
                FROM free WHERE c.run_id = free.run_id
                RETURNING 1
                """,
                logger: self.logger)
            return try await rows.collect().count == 1
        }
    }

    /// `FulfilmentClaims`.
    public func releaseRun(_ run: String, holder: String) async throws {
        try await guarded {
            _ = try await self.client.query(
                "DELETE FROM fulfilment_claims WHERE run_id = \(run) AND holder = \(holder)", logger: self.logger
            ).collect()
        }
    }

    /// `FulfilmentClaims`: the lease row is locked (`FOR SHARE`) in the write's transaction, so it cannot lapse
    /// into someone else's hands between the check and the write.
    public func recordStepOutcome(_ outcome: String, run: String, step: String, holder: String, now: Date) async throws -> Bool {
        let nowMS = now.millisecondsSince1970
        return try await guarded {
            try await self.transaction { connection in
                let held =
                    try await connection.query(
                        """
                        SELECT 1 FROM fulfilment_claims WHERE run_id = \(run) AND holder = \(holder) AND lease_until > \(nowMS) FOR SHARE
                        """,
                        logger: self.logger
                    ).collect().count == 1
                guard held else { return false }
                _ = try await connection.query(
                    """
                    INSERT INTO fulfilment_step_outcomes (run_id, step, outcome) VALUES (\(run), \(step), \(outcome))
                    ON CONFLICT (run_id, step) DO UPDATE SET outcome = excluded.outcome
                    """,
                    logger: self.logger
                ).collect()
                return true
            }
        }
    }

    /// `FulfilmentClaims`.
    public func stepOutcome(run: String, step: String) async throws -> String? {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT outcome FROM fulfilment_step_outcomes WHERE run_id = \(run) AND step = \(step)", logger: self.logger)
            for try await outcome in rows.decode(String.self) { return outcome }
            return nil
        }
    }

    /// `FulfilmentClaims`.
    public func clearStepOutcome(run: String, step: String) async throws {
        try await guarded {
            _ = try await self.client.query(
                "DELETE FROM fulfilment_step_outcomes WHERE run_id = \(run) AND step = \(step)", logger: self.logger
            ).collect()
        }
    }
}
