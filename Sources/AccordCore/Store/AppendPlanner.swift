/// What appending a batch of events does, decided once for every store: which events are new and where they
/// link into their chains, which answer from an earlier event (idempotent replays) or are refused (a key reused
/// for another request), the state each leaves its subject in, the state rows to write and the heads to move.
///
/// A store only loads the inputs (`lookups(for:)` says which) and writes the plan, in one transaction.
/// Events are taken in batch order: an event whose key an earlier event of the same batch carries answers
/// from that one, exactly as if the two had come in separate batches.
public enum AppendPlanner {
    /// What a store loads before planning `events`.
    public static func lookups(for events: [ConsentEvent]) -> AppendLookups {
        var chains = Set<String>()
        var subjects = Set<SubjectRef>()
        var keys = Set<IdempotencyRef>()
        for event in events {
            chains.insert(AuditChain.chain(for: event.property, subject: event.subject))
            subjects.insert(SubjectRef(event))
            if let key = IdempotencyRef(event) { keys.insert(key) }
        }
        return AppendLookups(chains: chains.sorted(), subjects: subjects.sorted(), idempotencyKeys: keys.sorted())
    }

    /// Plans `events` given the heads of the chains they touch (a chain without one starts at its genesis), the
    /// stored events that already hold their idempotency keys, and the current state rows of their subjects.
    public static func plan(events: [ConsentEvent], heads: [ChainHead], earlier: [EarlierEvent], states: [StateRow]) -> AppendPlan {
        var heads = Dictionary(heads.map { ($0.chain, $0) }, uniquingKeysWith: { _, last in last })
        var byKey: [IdempotencyRef: AppendPlan.Outcome] = [:]
        for found in earlier {
            guard let key = IdempotencyRef(found.stored.event) else { continue }
            byKey[key] = .replayed(found.stored, state: ConsentState(folding: found.history))
        }
        var plan = AppendPlan()
        var changes = StateChanges(current: states)
        var moved = Set<String>()
        for event in events {
            let key = IdempotencyRef(event)
            if let key, let first = byKey[key] {
                plan.outcomes.append(answer(event, from: first, in: plan))
                continue
            }
            let subject = SubjectRef(event)
            let before = changes.state(of: subject)
            // A notice is stored only while it applies: never for a withdrawn, renewed or superseded grant, and
            // once per expiry, however many instances sweep.
            guard changes.apply(event) || event.kind?.isNotice != true else {
                plan.outcomes.append(.stale(state: changes.state(of: subject)))
                continue
            }
            let chain = AuditChain.chain(for: event.property, subject: event.subject)
            let link = AuditChain.link(event, after: heads[chain] ?? .genesis(of: chain))
            heads[chain] = link.head
            moved.insert(chain)
            plan.inserts.append(LinkedEvent(event: event, link: link))
            if let row = linkRow(of: event) { plan.links.append(row) }
            plan.notices.append(ConsentNotice(event: event, before: before, after: changes.state(of: subject)))
            let outcome = AppendPlan.Outcome.recorded(insert: plan.inserts.count - 1, state: changes.state(of: subject))
            if let key { byKey[key] = outcome }
            plan.outcomes.append(outcome)
        }
        plan.states = changes.rows
        plan.heads = moved.sorted().map { heads[$0]! }
        return plan
    }

    /// The plan for events moved from another database (`ConsentStore.importEvents`): stored with the links they
    /// have, the state rows they leave (from `states`, the stored rows of their subjects, which notices need)
    /// and each chain's head at its last link. They answer nothing.
    public static func importing(_ events: [StoredEvent], states: [StateRow] = []) -> AppendPlan {
        var plan = AppendPlan()
        var changes = StateChanges(current: states)
        var heads: [String: ChainHead] = [:]
        for stored in events {
            plan.inserts.append(LinkedEvent(event: stored.event, link: stored.link))
            if let row = linkRow(of: stored.event) { plan.links.append(row) }
            changes.apply(stored.event)
            heads[stored.link.chain] = stored.link.head
        }
        plan.states = changes.rows
        plan.heads = heads.keys.sorted().map { heads[$0]! }
        return plan
    }

    /// The link a `linked` event makes: its visitor to its subject.
    private static func linkRow(of event: ConsentEvent) -> LinkRow? {
        guard event.kind == .linked, let visitor = event.linkedSubject else { return nil }
        return LinkRow(property: event.property, visitor: visitor, subject: event.subject, eventID: event.id)
    }

    /// How `event` answers when `first` (stored earlier, or earlier in this batch) holds its idempotency key:
    /// the same request replays it, another is refused.
    private static func answer(_ event: ConsentEvent, from first: AppendPlan.Outcome, in plan: AppendPlan) -> AppendPlan.Outcome {
        switch first {
        case .replayed(let stored, _):
            stored.event.isSameRequest(as: event) ? first : .idempotencyConflict(existing: stored.event.id)
        case .recorded(let insert, let state), .replayedInsert(let insert, let state):
            plan.inserts[insert].event.isSameRequest(as: event)
                ? .replayedInsert(insert: insert, state: state) : .idempotencyConflict(existing: plan.inserts[insert].event.id)
        case .idempotencyConflict, .stale:
            first
        }
    }
}

/// The keys a store looks up before planning a batch; each list sorted, so locks are always taken in one order.
public struct AppendLookups: Hashable, Sendable {
    /// The chains the batch may extend: their heads.
    public var chains: [String]
    /// The subjects the batch may change: their current state rows.
    public var subjects: [SubjectRef]
    /// The idempotency keys the batch carries: the stored events holding them, with their subject's history.
    public var idempotencyKeys: [IdempotencyRef]
}

/// A stored event that holds one of the batch's idempotency keys, and its subject's events in commit order up
/// to and including it: the state a replay answers with is folded from them.
public struct EarlierEvent: Hashable, Sendable {
    /// The stored event that holds the idempotency key.
    public var stored: StoredEvent
    /// Its subject's events in commit order, ending with `stored`'s event; a replay answers with their fold.
    public var history: [ConsentEvent]

    /// Pairs a stored event with its subject's history, as a store loads them for `AppendPlanner.plan`.
    public init(stored: StoredEvent, history: [ConsentEvent]) {
        self.stored = stored
        self.history = history
    }
}

/// A subject within its property: what state rows are kept per.
public struct SubjectRef: Hashable, Sendable, Comparable {
    /// The property whose state rows the subject has.
    public var property: PropertyID
    /// The subject's pseudonymous key, compared by its bytes.
    public var subject: SubjectKey

    /// By property, then by subject key bytes.
    public static func < (lhs: SubjectRef, rhs: SubjectRef) -> Bool {
        guard lhs.property == rhs.property else { return lhs.property.rawValue < rhs.property.rawValue }
        return lhs.subject.bytes.lexicographicallyPrecedes(rhs.subject.bytes)
    }
}

/// An idempotency key within its property: keys are unique per property.
public struct IdempotencyRef: Hashable, Sendable, Comparable {
    /// The property the key is unique in.
    public var property: PropertyID
    /// The caller's key as sent: 1 to 255 printable ASCII characters (`RequestValidation.isIdempotencyKey`).
    public var key: String

    /// By property, then by key, so stores look keys up (and lock them) in one order.
    public static func < (lhs: IdempotencyRef, rhs: IdempotencyRef) -> Bool {
        (lhs.property.rawValue, lhs.key) < (rhs.property.rawValue, rhs.key)
    }
}

// Kept out of the declarations, so the memberwise initialisers stay.
extension SubjectRef {
    init(_ event: ConsentEvent) { self.init(property: event.property, subject: event.subject) }
}

extension IdempotencyRef {
    init?(_ event: ConsentEvent) {
        guard let key = event.idempotencyKey else { return nil }
        self.init(property: event.property, key: key)
    }
}
