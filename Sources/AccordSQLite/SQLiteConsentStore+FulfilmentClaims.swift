import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// Request runs' leases and the prepared outcomes of their steps (`FulfilmentClaims`). Migration
    /// `2026-11-30-fulfilment-claims`.
    static let fulfilmentClaims = """
        CREATE TABLE fulfilment_claims (
            run_id TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            lease_until INTEGER NOT NULL
        );
        CREATE TABLE fulfilment_step_outcomes (
            run_id TEXT NOT NULL,
            step TEXT NOT NULL,
            outcome TEXT NOT NULL,
            PRIMARY KEY (run_id, step)
        );
        """

    /// `FulfilmentClaims`: one upsert whose update applies only to a lapsed lease or the holder's own; the single
    /// writer makes it atomic, so two instances claiming at once cannot both win.
    public func claimRun(_ run: String, holder: String, now: Date, lease: Duration) async throws -> Bool {
        let until = now.addingTimeInterval(lease.timeInterval).millisecondsSince1970
        return try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO fulfilment_claims (run_id, holder, lease_until) VALUES (?, ?, ?)
                        ON CONFLICT (run_id) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
                        WHERE fulfilment_claims.lease_until <= ? OR fulfilment_claims.holder = excluded.holder
                        """,
                    arguments: [run, holder, until, now.millisecondsSince1970])
                return db.changesCount > 0
            }
        }
    }

    /// `FulfilmentClaims`.
    public func releaseRun(_ run: String, holder: String) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM fulfilment_claims WHERE run_id = ? AND holder = ?", arguments: [run, holder])
            }
        }
    }

    /// `FulfilmentClaims`: the lease is checked in the write's transaction.
    public func recordStepOutcome(_ outcome: String, run: String, step: String, holder: String, now: Date) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                let held =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM fulfilment_claims WHERE run_id = ? AND holder = ? AND lease_until > ?",
                        arguments: [run, holder, now.millisecondsSince1970]) ?? false
                guard held else { return false }
                try db.execute(
                    sql: """
                        INSERT INTO fulfilment_step_outcomes (run_id, step, outcome) VALUES (?, ?, ?)
                        ON CONFLICT (run_id, step) DO UPDATE SET outcome = excluded.outcome
                        """,
                    arguments: [run, step, outcome])
                return true
            }
        }
    }

    /// `FulfilmentClaims`.
    public func stepOutcome(run: String, step: String) async throws -> String? {
        try await guarded {
            try pool.unsafeRead { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT outcome FROM fulfilment_step_outcomes WHERE run_id = ? AND step = ?", arguments: [run, step])
                else { return nil }
                return try cell(row, "fulfilment_step_outcomes", "outcome") as String
            }
        }
    }

    /// `FulfilmentClaims`.
    public func clearStepOutcome(run: String, step: String) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM fulfilment_step_outcomes WHERE run_id = ? AND step = ?", arguments: [run, step])
            }
        }
    }
}
