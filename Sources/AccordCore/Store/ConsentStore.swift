import Foundation

/// Where Accord keeps configuration, the event log, the current-state view, keys and secrets.
///
/// Every backend (in-memory, SQLite, PostgreSQL) runs the same contract suite in `AccordStoreTesting`.
/// Each write method is one transaction that keeps the log, the chain heads and the state view in step.
/// Configuration and its audit trail (`ConfigurationStore`) are part of every store.
public protocol ConsentStore: ConfigurationStore {
    /// Brings the schema up to date. Safe to call on every start.
    func migrate() async throws
    /// Succeeds when the database answers; what `/ready` reports.
    func ping() async throws

    func property(_ id: PropertyID) async throws -> Property?
    func properties() async throws -> [Property]
    /// Inserts or replaces a property's configuration.
    func saveProperty(_ property: Property) async throws
    func policyVersion(_ version: Int, of property: PropertyID) async throws -> PolicyVersion?
    /// Publishes a policy version; a published version is immutable, so publishing an existing number throws
    /// `StoreError.policyVersionExists`.
    func publish(_ version: PolicyVersion) async throws

    /// Appends events in one transaction: each is linked into its chain and folded into the state view, or,
    /// when its idempotency key was seen before, answered from the earlier event.
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

    /// Events in chain order (chain name, then position), resuming after `cursor`; for audits and exports.
    func eventsInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredEvent]
    func chainHeads() async throws -> [ChainHead]
    /// Every row of the current-state view, sorted by property, subject and purpose.
    func allStates() async throws -> [StateRow]
    /// Empties the current-state view and replays every event in commit order into it.
    func rebuildStates() async throws
    /// Stores events moved from another database exactly as given (ids, times, chain links and hashes; no
    /// re-linking), in one transaction: moves each chain's head to its last link and folds the events into
    /// the state view. Events must come in chain order and continue their chains: the importer verifies
    /// every link before calling this, and `StoreAudit` catches any that do not hold.
    func importEvents(_ events: [StoredEvent]) async throws

    func saveAPIKey(_ key: APIKey) async throws
    func apiKey(hash: String) async throws -> APIKey?
    /// Every API key (hashes only), oldest first; for exports.
    func apiKeys() async throws -> [APIKey]
    /// The named secret if it exists; never creates one.
    func existingSecret(named name: String) async throws -> [UInt8]?
    /// Returns the named secret, creating it with `create` on first use (atomically, so two instances
    /// starting together agree on one value).
    func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8]
    /// Replaces the named secret's value when it still is `expected` (compare-and-swap); false when it is not.
    /// Used only to wrap a secret stored in clear once a root key is configured.
    func replaceSecret(named name: String, expected: [UInt8], with value: [UInt8]) async throws -> Bool
}

/// The outcome of appending one event.
public enum AppendResult: Hashable, Sendable {
    /// Newly stored; `state` is the subject's state right after it.
    case recorded(StoredEvent, state: ConsentState)
    /// The idempotency key was used before for the same request: the earlier event and the state it produced.
    case replayed(StoredEvent, state: ConsentState)
    /// The idempotency key was used before for a different request; nothing was stored.
    case idempotencyConflict(existing: EventID)
}

/// A position in the chain-ordered event listing.
public struct ChainCursor: Hashable, Sendable {
    public var chain: String
    public var position: Int64
    public init(chain: String, position: Int64) {
        self.chain = chain
        self.position = position
    }
}

/// One row of the current-state view.
public struct StateRow: Hashable, Sendable, Comparable {
    public var property: PropertyID
    public var subject: SubjectKey
    public var purpose: PurposeKey
    public var state: PurposeState

    public init(property: PropertyID, subject: SubjectKey, purpose: PurposeKey, state: PurposeState) {
        self.property = property
        self.subject = subject
        self.purpose = purpose
        self.state = state
    }

    public static func < (lhs: StateRow, rhs: StateRow) -> Bool {
        (lhs.property.rawValue, lhs.subject.hex, lhs.purpose.rawValue)
            < (rhs.property.rawValue, rhs.subject.hex, rhs.purpose.rawValue)
    }
}

/// Failures a store reports in domain terms; driver errors are translated at the adapter's edge.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case policyVersionExists(PropertyID, Int)
    case propertyNotFound(PropertyID)
    /// The database cannot be reached or refused the operation for a reason that may pass.
    case unavailable(String)
    /// The stored data violates an invariant (a row edited by hand, a corrupt file).
    case corrupt(String)
    /// The property was changed by someone else since it was read: the change was not saved.
    case concurrentChange(PropertyID)

    public var description: String {
        switch self {
        case .policyVersionExists(let property, let version): "policy version \(version) of \(property) already exists"
        case .propertyNotFound(let property): "property \(property) not found"
        case .unavailable(let reason): "database unavailable: \(reason)"
        case .corrupt(let reason): "stored data is corrupt: \(reason)"
        case .concurrentChange(let property): "property \(property) was changed by another edit"
        }
    }
}

extension ConsentStore {
    /// One `append` per batch: right for stores whose writes are not serialised on one queue.
    public func appendBatches(
        next: @escaping @Sendable () -> [ConsentEvent]?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        while let events = next() {
            do {
                deliver(.success(try await append(events)))
            } catch {
                deliver(.failure(error))
            }
        }
    }
}
