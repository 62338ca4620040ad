/// What a store writes for one batch, in one transaction, and how each event of the batch is answered.
/// Made by `AppendPlanner`; the store inserts `inserts` in order, upserts `states`, moves `heads` and passes
/// the sequence numbers the database gave the inserted rows to `results(sequences:)`.
public struct AppendPlan: Hashable, Sendable {
    /// The events to store, in this order (their sequence numbers must follow it), each with its chain link.
    public var inserts: [LinkedEvent] = []
    /// The current-state rows to insert or replace, each (property, subject, purpose) once, sorted.
    public var states: [StateRow] = []
    /// The chains' new heads, sorted by chain.
    public var heads: [ChainHead] = []
    /// Each insert with its subject's state before and after it, in insert order: the store turns them into
    /// outbox messages (`outboxEntries(endpoints:)`) in the same transaction. Imports have none: moved events
    /// were announced where they were first recorded.
    public var notices: [ConsentNotice] = []
    /// The links the plan's `linked` events make, to insert or replace, in event order.
    public var links: [LinkRow] = []
    /// One per event of the batch, in order.
    var outcomes: [Outcome] = []

    enum Outcome: Hashable, Sendable {
        /// Stored as `inserts[insert]`, leaving its subject in `state`.
        case recorded(insert: Int, state: ConsentState)
        /// The same request as `inserts[insert]`, earlier in this batch.
        case replayedInsert(insert: Int, state: ConsentState)
        /// The same request as an event stored before this batch.
        case replayed(StoredEvent, state: ConsentState)
        case idempotencyConflict(existing: EventID)
        /// A notice that applies to no purpose of the current state; nothing stored.
        case stale(state: ConsentState)
    }

    /// The properties whose endpoints the store loads (`WebhookEndpointStore`) before writing the outbox, sorted.
    public var noticedProperties: [PropertyID] {
        Set(notices.map(\.event.property)).sorted { $0.rawValue < $1.rawValue }
    }

    /// The outbox entries of the plan's new events, for the endpoints of their properties.
    public func outboxEntries(endpoints: [WebhookEndpoint]) -> [OutboxEntry] {
        ConsentMessages.entries(of: notices, endpoints: endpoints)
    }

    /// Each event's answer, given the sequence number of each insert, in order.
    public func results(sequences: [Int64]) throws -> [AppendResult] {
        guard sequences.count == inserts.count else {
            throw StoreError.corrupt("\(inserts.count) events were inserted but \(sequences.count) sequence numbers came back")
        }
        func stored(_ index: Int) -> StoredEvent {
            StoredEvent(event: inserts[index].event, sequence: sequences[index], link: inserts[index].link)
        }
        return outcomes.map { outcome in
            switch outcome {
            case .recorded(let insert, let state): .recorded(stored(insert), state: state)
            case .replayedInsert(let insert, let state): .replayed(stored(insert), state: state)
            case .replayed(let earlier, let state): .replayed(earlier, state: state)
            case .idempotencyConflict(let existing): .idempotencyConflict(existing: existing)
            case .stale(let state): .stale(state: state)
            }
        }
    }
}

/// An event with its place in its chain, before the database has numbered it.
public struct LinkedEvent: Hashable, Sendable {
    /// The event to insert, as built; the database numbers it on insert.
    public var event: ConsentEvent
    /// Its chain position and the hashes tying it to the previous link.
    public var link: ChainLink

    /// The row to insert.
    public var record: EventRecord { EventRecord(event, link: link) }
}

/// The current-state rows a run of events leaves behind: the last change per (property, subject, purpose).
/// Folding events in commit order and writing these rows over the view gives what folding all of them would.
/// A notice depends on the state before it, so the rows the run starts from are given (`init(current:)`).
public struct StateChanges: Sendable {
    private var states: [SubjectRef: ConsentState] = [:]
    private var touched = Set<Key>()

    private struct Key: Hashable {
        var subject: SubjectRef
        var purpose: PurposeKey
    }

    /// No changes yet, starting from the stored rows `current` (those of the subjects the run may touch).
    public init(current: [StateRow] = []) {
        for row in current {
            states[SubjectRef(property: row.property, subject: row.subject), default: ConsentState()].purposes[row.purpose] = row.state
        }
    }

    /// The state of `subject` so far.
    public func state(of subject: SubjectRef) -> ConsentState { states[subject] ?? ConsentState() }

    /// Folds `event` into its subject's state; call in commit order, later events win. Returns whether it
    /// changed anything (a notice that applies to no purpose changes nothing).
    @discardableResult
    public mutating func apply(_ event: ConsentEvent) -> Bool {
        let subject = SubjectRef(event)
        let changes = state(of: subject).changes(of: event)
        for (purpose, state) in changes {
            states[subject, default: ConsentState()].purposes[purpose] = state
            touched.insert(Key(subject: subject, purpose: purpose))
        }
        return !changes.isEmpty
    }

    /// True until an event changed at least one purpose: then there are rows to write.
    public var isEmpty: Bool { touched.isEmpty }

    /// The rows changed, sorted by property, subject and purpose (comparing key bytes: this runs on every append).
    public var rows: [StateRow] {
        touched.sorted { $0.subject != $1.subject ? $0.subject < $1.subject : $0.purpose < $1.purpose }.map { key in
            StateRow(
                property: key.subject.property, subject: key.subject.subject, purpose: key.purpose,
                state: states[key.subject]!.purposes[key.purpose]!)
        }
    }
}
