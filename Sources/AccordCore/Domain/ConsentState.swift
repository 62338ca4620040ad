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

    /// One row of the current-state view; `ConsentState.changes(of:)` derives them from events.
    public init(choice: ConsentChoice, since: Date, expiresAt: Date?, policyVersion: Int, eventID: EventID) {
        self.choice = choice
        self.since = since
        self.expiresAt = expiresAt
        self.policyVersion = policyVersion
        self.eventID = eventID
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

    /// Folds one more event in: each purpose it names takes its choice, the others stay as they were.
    public mutating func apply(_ event: ConsentEvent) {
        for (key, state) in ConsentState.changes(of: event) { purposes[key] = state }
    }

    /// The rows an event writes into the current-state view.
    public static func changes(of event: ConsentEvent) -> [(PurposeKey, PurposeState)] {
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
