import Foundation

/// The schema and the connection: what `accord migrate` and `/ready` need.
public protocol StoreLifecycle: Sendable {
    /// Brings the schema up to date. Safe to call on every start.
    func migrate() async throws
    /// Succeeds when the database answers; what `/ready` reports.
    func ping() async throws
}

/// The consent log and its current-state view: recording, checking and reading a subject's history.
public protocol ConsentLog: Sendable {
    /// Appends events in one transaction: each is linked into its chain and folded into the state view, or,
    /// when its idempotency key was seen before, answered from the earlier event (`AppendPlanner` decides).
    func append(_ events: [ConsentEvent]) async throws -> [AppendResult]
    /// Appends batches while `next` returns one, each in its own transaction, calling `deliver` with each
    /// batch's results (or its error) as soon as it is committed. Group commit runs its leader through this,
    /// so a store can keep its writer busy without a round trip between commits.
    func appendBatches(
        next: @escaping @Sendable () -> [ConsentEvent]?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws
    /// The current state of each subject that has one.
    func states(of subjects: [SubjectKey], in property: PropertyID) async throws -> [SubjectKey: ConsentState]
    /// A subject's events, newest first, strictly older than `cursor` (a sequence number) when given.
    func events(of subject: SubjectKey, in property: PropertyID, before cursor: Int64?, limit: Int) async throws
        -> [StoredEvent]
}

/// Everything in chain order, for audits and exports, and the state view as a whole.
public protocol ChainReader: Sendable {
    /// Events in chain order (chain name, then position), resuming after `cursor`.
    func eventsInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredEvent]
    /// Audit entries of every property in chain order, resuming after `cursor`.
    func auditEntriesInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredAuditEntry]
    /// The last link of every chain, consent and configuration alike.
    func chainHeads() async throws -> [ChainHead]
    /// Every row of the current-state view, sorted by property, subject and purpose.
    func allStates() async throws -> [StateRow]
    /// Empties the current-state view and replays every event in commit order into it.
    func rebuildStates() async throws
}

/// Exact copies from another database (`accord import`): records stored as given, with their ids, times, links
/// and hashes, and no new audit entry, because the moved audit trail already holds the entries that made them.
/// Nothing but the importer and test fixtures should hold this role: it bypasses validation and the audit trail.
public protocol StoreImport: Sendable {
    /// Stores a property's configuration as it was exported.
    func importProperty(_ property: Property) async throws
    /// Stores a published policy version as it was exported; an existing number throws
    /// `StoreError.policyVersionExists`, as published versions never change.
    func importPolicyVersion(_ version: PolicyVersion) async throws
    /// Stores events in one transaction and moves each chain's head to its last link, folding them into the state
    /// view. Events must come in chain order and continue their chains: the importer verifies every link first,
    /// and `StoreAudit` catches any that do not hold.
    func importEvents(_ events: [StoredEvent]) async throws
    /// Stores audit entries in one transaction and moves each chain's head to its last link.
    func importAuditEntries(_ entries: [StoredAuditEntry]) async throws
    /// Stores a vendor list, replacing an earlier one, dated like the `gvl.update` entry that saved it.
    /// Throws `StoreError.propertyNotFound` for an unknown property.
    func importGVL(_ list: GlobalVendorList, of property: PropertyID, updatedAt: Date) async throws
}

/// API keys (hashes only) and the server secrets.
public protocol KeyStore: Sendable {
    /// Stores a newly generated key under its hash; the token itself is never stored.
    func saveAPIKey(_ key: APIKey) async throws
    /// The key whose SHA-256 hash is `hash`, if any.
    func apiKey(hash: String) async throws -> APIKey?
    /// Every API key (hashes only), oldest first; for exports.
    func apiKeys() async throws -> [APIKey]
    /// Deletes the keys whose prefix is `prefix` (revocation); the keys deleted, none for an unknown prefix.
    func revokeAPIKeys(prefix: String) async throws -> [APIKey]
    /// Records that the key with this hash authenticated a request at `time`, unless it already has a last use
    /// less than a minute before (so busy keys cost one write a minute); nothing for an unknown hash.
    func markAPIKeyUsed(hash: String, at time: Date) async throws
    /// The named secret if it exists; never creates one.
    func existingSecret(named name: String) async throws -> [UInt8]?
    /// Returns the named secret, creating it with `create` on first use (atomically, so two instances
    /// starting together agree on one value).
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8]
    /// Replaces the named secret's value when it still is `expected` (compare-and-swap); false when it is not.
    /// Used only to wrap a secret stored in clear once a root key is configured.
    func replaceSecret(named name: String, expected: [UInt8], with value: [UInt8]) async throws -> Bool
}
