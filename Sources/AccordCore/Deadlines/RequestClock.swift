import Foundation

/// What a request's deadlines are computed from: the facts a request store keeps (issue 13 §3). Everything else
/// (`acknowledgeBy`, `dueAt`, `extendedDueAt`, `daysLeft`, `overdue`) is derived by `RequestDeadlines.compute`,
/// whenever the clock changes (intake, extension, pause, resume) and stored with the request; in between, every reader
/// shows the stored dates, a paused request's moved on to the day (`PrivacyRequest.datedAt`).
public struct RequestClock: Sendable, Hashable, Codable {
    /// The law the request runs under (chosen at intake from its jurisdiction and receipt day, `LawTable.law(for:type:receivedOn:)`).
    public var law: Law.ID
    /// The request's type.
    public var type: RequestType
    /// When the request was received: the legal clock starts at receipt, not at data entry or verification.
    public var receivedAt: Date
    /// Intervals during which the clock stood still (UK: waiting for the requester); ignored under laws that
    /// do not stop the clock (`Law.stopsTheClock`).
    public var pauses: [PausedInterval]
    /// The extensions granted so far (`RequestDeadlines.extend` appends one).
    public var extensions: [GrantedExtension]

    public init(
        law: Law.ID, type: RequestType, receivedAt: Date, pauses: [PausedInterval] = [], extensions: [GrantedExtension] = []
    ) {
        self.law = law
        self.type = type
        self.receivedAt = receivedAt
        self.pauses = pauses
        self.extensions = extensions
    }
}

/// A time during which a request's clock was stopped: from when the controller asked the requester for something
/// it needed until the answer came (`until` nil: still waiting).
public struct PausedInterval: Sendable, Hashable, Codable {
    /// When the controller asked.
    public var from: Date
    /// When the requester answered; nil while the clock is still stopped.
    public var until: Date?

    public init(from: Date, until: Date? = nil) {
        self.from = from
        self.until = until
    }
}

/// An extension granted on a request: when and why (the reason goes into the notice to the requester).
public struct GrantedExtension: Sendable, Hashable, Codable {
    /// When it was granted (and the requester told).
    public var grantedAt: Date
    /// The reason given.
    public var reason: String

    public init(grantedAt: Date, reason: String) {
        self.grantedAt = grantedAt
        self.reason = reason
    }
}

/// The per-property calendar deadlines are counted on.
///
/// Time zone: days are counted on the calendar of the controller's place of business (the property's zone), not the
/// requester's: the law counts from the day the controller received the request, a request received at 23:30 in
/// Berlin was received that day there, and holidays are the controller's. A deadline falls due at the end of its
/// last day in that zone (23:59:59 local). Properties that set no zone count in UTC.
public struct DeadlineCalendar: Sendable, Hashable {
    /// The zone days are counted in.
    public var timeZone: TimeZone
    /// The property's holidays (weekends are always non-working days).
    public var holidays: HolidayCalendar

    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, holidays: HolidayCalendar = .none) {
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// The local date of an instant.
    public func date(of instant: Date) -> LocalDate { LocalDate(instant, in: timeZone) }
}
