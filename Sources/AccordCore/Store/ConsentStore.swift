import Foundation

/// Where Accord keeps everything: the composition of the store roles, for the CLI and the server's start, which
/// pick and prepare a backend. Everything else takes only the role it uses (`ConsentLog`, `ConfigurationStore`,
/// `ChainReader`, `StoreImport`, `KeyStore`, `StoreLifecycle`, `CheckpointStore`, `ExpiryQueue`, `SubjectLinks`,
/// `Outbox`, `WebhookEndpointStore`, `SubjectVault`, `UserStore`, `StateTransfer`, `FormStore`, `FormEvidenceStore`,
/// `RequestStore`, `ReportCounters`, `AuditAppending`, `DataMapStore`), so a new capability arrives as a role of its own
/// with its own contract suite instead of widening one protocol.
///
/// Every backend (in-memory, SQLite, PostgreSQL) runs the same contract suites in `AccordStoreTesting`. Each write
/// method is one transaction that keeps the log, the chain heads and the state view in step.
public protocol ConsentStore: StoreLifecycle, ConfigurationStore, ConsentLog, ChainReader, StoreImport, KeyStore,
    CheckpointStore, ExpiryQueue, SubjectLinks, Outbox, WebhookEndpointStore, SubjectVault, UserStore, StateTransfer,
    FormStore, FormEvidenceStore, RequestStore, ReportCounters, AuditAppending, DataMapStore,
    SubjectErasures, OutboxBacklog, FulfilmentClaims, PackageLinks,
    ConnectorAttachments
{}

/// The outcome of appending one event.
public enum AppendResult: Hashable, Sendable {
    /// Newly stored; `state` is the subject's state right after it.
    case recorded(StoredEvent, state: ConsentState)
    /// The idempotency key was used before for the same request: the earlier event and the state it produced.
    case replayed(StoredEvent, state: ConsentState)
    /// The idempotency key was used before for a different request; nothing was stored.
    case idempotencyConflict(existing: EventID)
    /// A notice (an event with a kind) about a choice that is no longer current, or already noticed: the grant
    /// was withdrawn, renewed or superseded, or another instance recorded the notice first. Nothing was stored;
    /// `state` is the subject's state as it is.
    case stale(state: ConsentState)
    /// The event's subject (or a vault entry of the batch) names a pseudonym erased by then (a tombstone in the
    /// store, checked in the batch's own transaction: `ErasureScreen`); nothing of it was stored. The writer's
    /// erased-subject set was behind (another instance erased it), so it marks the key erased and writes again
    /// under the identifier's next generation key.
    case subjectErased
}

/// A position in the chain-ordered event listing.
public struct ChainCursor: Hashable, Sendable {
    /// The chain of the last record read: `<property>/<shard>` for events, `config/<property>` for audit entries.
    public var chain: String
    /// That record's 1-based position; the listing resumes strictly after it.
    public var position: Int64
    /// A cursor at the last record of a page, to pass as `after:` for the next one.
    public init(chain: String, position: Int64) {
        self.chain = chain
        self.position = position
    }
}

/// One row of the current-state view.
public struct StateRow: Hashable, Sendable, Comparable {
    /// The property the row belongs to.
    public var property: PropertyID
    /// The subject's pseudonymous key.
    public var subject: SubjectKey
    /// The purpose the state is for; one row per (property, subject, purpose).
    public var purpose: PurposeKey
    /// The latest choice for the purpose, with its time, expiry, policy version and event.
    public var state: PurposeState

    /// A row from its parts; `StateRecord.row()` reads one back from the database.
    public init(property: PropertyID, subject: SubjectKey, purpose: PurposeKey, state: PurposeState) {
        self.property = property
        self.subject = subject
        self.purpose = purpose
        self.state = state
    }

    /// By property, subject key (hex, so byte order) and purpose: the order of `ChainReader.allStates()`.
    public static func < (lhs: StateRow, rhs: StateRow) -> Bool {
        (lhs.property.rawValue, lhs.subject.hex, lhs.purpose.rawValue)
            < (rhs.property.rawValue, rhs.subject.hex, rhs.purpose.rawValue)
    }
}

/// Failures a store reports in domain terms; driver errors are translated at the adapter's edge.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The property already has a published version with this number; published versions never change.
    case policyVersionExists(PropertyID, Int)
    /// No property with this id is stored.
    case propertyNotFound(PropertyID)
    /// The database cannot be reached or refused the operation for a reason that may pass.
    case unavailable(String)
    /// The stored data violates an invariant (a row edited by hand, a corrupt file).
    case corrupt(String)
    /// The property was changed by someone else since it was read: the change was not saved.
    case concurrentChange(PropertyID)

    /// A one-line message for logs and the CLI, naming ids and the reason but never stored values.
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

extension ConsentLog {
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
