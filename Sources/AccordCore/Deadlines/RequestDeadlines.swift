import Foundation

/// A request's deadlines, derived from its `RequestClock`, its law and the property's `DeadlineCalendar`
/// (issue 13 §3): what every request shows.
public struct RequestDeadlines: Sendable, Hashable {
    /// The law applied.
    public let law: Law.ID
    /// When the request was received.
    public let receivedAt: Date
    /// The end of the day by which receipt must be acknowledged; nil when the law requires no acknowledgement.
    public let acknowledgeBy: Date?
    /// The end of the original response deadline's last day (pauses included).
    public let dueAt: Date
    /// The end of the extended deadline's last day, once an extension was granted.
    public let extendedDueAt: Date?
    /// The original deadline's last day, in the property's zone.
    public let dueDate: LocalDate
    /// The extended deadline's last day, once extended.
    public let extendedDueDate: LocalDate?
    /// Calendar days the clock stood still (0 under laws that do not stop it).
    public let pausedDays: Int
    /// Whether the clock is stopped now (an open pause).
    public let paused: Bool

    /// The deadline in force: the extended one once granted, else the original.
    public var effectiveDueAt: Date { extendedDueAt ?? dueAt }
    /// Its last day.
    public var effectiveDueDate: LocalDate { extendedDueDate ?? dueDate }

    /// Whole days from `now`'s date to the deadline's last day: 0 on the last day, negative once overdue.
    public func daysLeft(at now: Date, calendar: DeadlineCalendar) -> Int {
        calendar.date(of: now).days(to: effectiveDueDate)
    }

    /// Whether the deadline in force has passed.
    public func isOverdue(at now: Date) -> Bool { now > effectiveDueAt }

    /// Computes the deadlines. `now` only matters for an open pause, which counts up to today.
    public static func compute(_ clock: RequestClock, calendar: DeadlineCalendar, now: Date) throws(DeadlineError) -> RequestDeadlines {
        guard let law = LawTable.law(id: clock.law) else { throw .unknownLaw(clock.law) }
        guard let period = law.responsePeriod(for: clock.type) else { throw .typeNotCovered(clock.type, law.id) }
        let received = calendar.date(of: clock.receivedAt)
        let pausedDays = law.stopsTheClock ? Self.pausedDays(clock.pauses, after: received, calendar: calendar, now: now) : 0
        let paused = law.stopsTheClock && clock.pauses.contains { $0.until == nil }

        var acknowledgeBy: Date?
        if let ack = law.acknowledgement, ack.types.contains(clock.type) {
            acknowledgeBy = ack.period.end(from: received, holidays: calendar.holidays).end(in: calendar.timeZone)
        }
        let due = lastDay(of: period, from: received, pausedDays: pausedDays, law: law, calendar: calendar)
        var extendedDue: LocalDate?
        if !clock.extensions.isEmpty, let rule = law.extensionRule(for: clock.type) {
            var total = period
            for _ in clock.extensions.prefix(rule.count) { total = total.plus(rule.length) ?? total }
            extendedDue = lastDay(of: total, from: received, pausedDays: pausedDays, law: law, calendar: calendar)
        }
        return RequestDeadlines(
            law: law.id, receivedAt: clock.receivedAt, acknowledgeBy: acknowledgeBy, dueAt: due.end(in: calendar.timeZone),
            extendedDueAt: extendedDue?.end(in: calendar.timeZone), dueDate: due, extendedDueDate: extendedDue,
            pausedDays: pausedDays, paused: paused)
    }

    /// The last day of a period: counted from the day of receipt, pushed back by the days the clock stood still,
    /// then moved off a weekend or holiday where the law says so (Reg. 1182/71 Art. 3(4)).
    static func lastDay(
        of period: DeadlinePeriod, from received: LocalDate, pausedDays: Int, law: Law, calendar: DeadlineCalendar
    ) -> LocalDate {
        let end = period.end(from: received, holidays: calendar.holidays).adding(days: pausedDays)
        return law.movesOffNonWorkingDays ? calendar.holidays.nextWorkingDay(onOrAfter: end) : end
    }

    /// Distinct calendar days covered by the pauses, each from the day the controller asked up to (not including)
    /// the day the answer came: asked on the 10th, answered on the 20th → 10 days. Overlaps count once; days before
    /// receipt never count; an open pause counts up to today.
    static func pausedDays(_ pauses: [PausedInterval], after received: LocalDate, calendar: DeadlineCalendar, now: Date) -> Int {
        var days: Set<Int> = []
        for pause in pauses {
            let from = max(calendar.date(of: pause.from), received).dayNumber
            let until = calendar.date(of: pause.until ?? now).dayNumber
            if until > from { days.formUnion(from..<until) }
        }
        return days.count
    }
}
