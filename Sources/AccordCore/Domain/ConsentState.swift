import Foundation

/// The status of one purpose for one subject, as stored in the current-state view.
public struct PurposeState: Hashable, Sendable, Codable {
    /// The choice of the latest event that named the purpose.
    public var choice: ConsentChoice
    /// When that event was recorded.
    public var since: Date
    /// When the choice stops counting and reads as `expired`; nil when it never expires.
    public var expiresAt: Date?
    /// The policy version the choice was made under.
    public var policyVersion: Int
    /// The event that set this state, to trace it in the history and the audit chain.
    public var eventID: EventID
    /// The last expiry notice recorded for this choice (`expiring`, then `expired`); nil until the first. A new
    /// choice starts without one, so a renewal is noticed again at its own expiry.
    public var notice: EventKind?

    /// One row of the current-state view; `ConsentState.changes(of:)` derives them from events.
    public init(
        choice: ConsentChoice, since: Date, expiresAt: Date?, policyVersion: Int, eventID: EventID, notice: EventKind? = nil
    ) {
        self.choice = choice
        self.since = since
        self.expiresAt = expiresAt
        self.policyVersion = policyVersion
        self.eventID = eventID
        self.notice = notice
    }

    /// This state once a `kind` notice about the expiry at `instant` is recorded, or nil when the notice does not
    /// apply: the choice is not a grant (a withdrawal never expires into anything), its expiry is another one (it
    /// was renewed or superseded since), or that notice or a later one was already recorded. Only `notice`
    /// changes: the choice, its time and its event stay, and an expired grant reads as `expired` by its time.
    public func noticed(_ kind: EventKind, expiringAt instant: Date) -> PurposeState? {
        guard choice == .granted, expiresAt == instant, (notice?.stage ?? 0) < kind.stage else { return nil }
        var next = self
        next.notice = kind
        return next
    }

    /// The status as seen at `now`: a choice past its expiry no longer counts.
    public func status(at now: Date) -> ConsentStatus {
        if let expiresAt, expiresAt <= now { return .expired }
        return choice == .granted ? .granted : .denied
    }
}

/// What the API reports for a purpose.
public enum ConsentStatus: String, Hashable, Sendable, Codable {
    /// `expired`: the latest choice is past its expiry, whatever it was; `unset`: no choice was ever recorded.
    case granted, denied, expired, unset
}

/// A subject's current state: the latest choice per purpose.
public struct ConsentState: Hashable, Sendable {
    /// The state of every purpose the subject ever chose for; a purpose never chosen is absent.
    public var purposes: [PurposeKey: PurposeState]

    /// A state from rows already folded, such as a store reads from its current-state view.
    public init(purposes: [PurposeKey: PurposeState] = [:]) {
        self.purposes = purposes
    }

    /// Folds events in commit order: for each purpose the latest event that mentions it wins.
    public init<Events: Sequence>(folding events: Events) where Events.Element == ConsentEvent {
        self.init()
        for event in events { apply(event) }
    }

    /// Folds one more event in: each purpose it names takes its choice, the others stay as they were. A notice
    /// (an event with a kind) only marks the purposes it applies to (`PurposeState.noticed`).
    public mutating func apply(_ event: ConsentEvent) {
        for (key, state) in changes(of: event) { purposes[key] = state }
    }

    /// The purposes `event` changes in this state, with their new state, sorted by purpose. Empty for a notice
    /// that applies to none of them: the append planner stores no such notice (`AppendResult.stale`).
    public func changes(of event: ConsentEvent) -> [(PurposeKey, PurposeState)] {
        guard let kind = event.kind, kind.isNotice else { return Self.choiceChanges(of: event) }
        return event.expiresAt.keys.sorted().compactMap { key in
            guard let next = purposes[key]?.noticed(kind, expiringAt: event.expiresAt[key]!) else { return nil }
            return (key, next)
        }
    }

    /// The rows a choice event writes, whatever the state before it.
    private static func choiceChanges(of event: ConsentEvent) -> [(PurposeKey, PurposeState)] {
        event.choices.keys.sorted().map { key in
            (
                key,
                PurposeState(
                    choice: event.choices[key]!,
                    since: event.recordedAt,
                    expiresAt: event.expiresAt[key],
                    policyVersion: event.policyVersion,
                    eventID: event.id
                )
            )
        }
    }

    /// The status of one purpose at `now`: `unset` when never chosen, `expired` once the choice's expiry has passed.
    public func status(of key: PurposeKey, at now: Date) -> ConsentStatus {
        purposes[key]?.status(at: now) ?? .unset
    }
}
