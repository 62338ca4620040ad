import Foundation

/// The status of one purpose for one subject, as stored in the current-state view.
public struct PurposeState: Hashable, Sendable, Codable {
    public var choice: ConsentChoice
    public var since: Date
    public var expiresAt: Date?
    public var policyVersion: Int
    public var eventID: EventID

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
    case granted, denied, expired, unset
}

/// A subject's current state: the latest choice per purpose.
public struct ConsentState: Hashable, Sendable {
    public var purposes: [PurposeKey: PurposeState]

    public init(purposes: [PurposeKey: PurposeState] = [:]) {
        self.purposes = purposes
    }

    /// Folds events in commit order: for each purpose the latest event that mentions it wins.
    public init<Events: Sequence>(folding events: Events) where Events.Element == ConsentEvent {
        self.init()
        for event in events { apply(event) }
    }

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

    public func status(of key: PurposeKey, at now: Date) -> ConsentStatus {
        purposes[key]?.status(at: now) ?? .unset
    }
}
