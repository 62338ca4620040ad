import Foundation

/// Who advances a request's run across its connected systems now (issue 14 §3), and what a system's step did
/// before its answer is recorded, so several instances on one database run each step once and a crash between a
/// system's commit and its audit entry loses nothing.
///
/// Claims are leases on a run: while `holder`'s lease lasts nobody else may claim the run; a crashed holder's run
/// comes back when its lease lapses. On PostgreSQL the claim locks the row with `FOR UPDATE SKIP LOCKED`, so
/// instances claiming at once never wait on each other; SQLite's single writer makes its upsert atomic.
///
/// A step's prepared outcome (counts, shared and retained rows, strategies: never a value) is recorded while the
/// holder's lease lasts, after the system's transaction did its work and before it commits; it is removed once
/// the answer is in the request's audit trail. A resumed run finding one knows what the earlier attempt did.
public protocol FulfilmentClaims: Sendable {
    /// Claims `run` for `holder` until `now + lease`: true when nobody holds an unexpired lease on it, or `holder`
    /// does (the lease is then renewed); false, with nothing changed, when someone else holds it.
    func claimRun(_ run: String, holder: String, now: Date, lease: Duration) async throws -> Bool
    /// Ends `holder`'s claim on `run`; nothing when the claim is not (or no longer) `holder`'s.
    func releaseRun(_ run: String, holder: String) async throws
    /// Records (or replaces) step `step`'s prepared outcome while `holder`'s lease on `run` lasts at `now`; false,
    /// with nothing written, when it does not (the lease lapsed and someone else may be running the step).
    func recordStepOutcome(_ outcome: String, run: String, step: String, holder: String, now: Date) async throws -> Bool
    /// Step `step`'s prepared outcome, if one is recorded.
    func stepOutcome(run: String, step: String) async throws -> String?
    /// Removes step `step`'s prepared outcome (its answer is recorded).
    func clearStepOutcome(run: String, step: String) async throws
}

/// The claims and prepared outcomes of the in-memory store.
struct InMemoryFulfilmentClaims {
    var leases: [String: (holder: String, until: Date)] = [:]
    var outcomes: [String: [String: String]] = [:]
}
