import Foundation

extension RequestDeadlines {
    /// Decides an extension asked for at `now` (issue 13 §3): granted, it returns the clock with the extension
    /// appended (store it; `compute` then shows `extendedDueAt`); refused, the typed reason (the API's 409).
    ///
    /// Refused when the law or the type allows none, when the law's count is used up, when the law wants a reason
    /// and `reason` is blank, or when the notice had to reach the requester before the original deadline and that
    /// deadline (pauses included) has passed.
    public static func extend(
        _ clock: RequestClock, reason: String, at now: Date, calendar: DeadlineCalendar
    ) -> Result<RequestClock, ExtensionRefusal> {
        guard let law = LawTable.law(id: clock.law) else { return .failure(.deadline(.unknownLaw(clock.law))) }
        guard law.covers.contains(clock.type) else { return .failure(.deadline(.typeNotCovered(clock.type, law.id))) }
        guard let rule = law.extensionRule(for: clock.type) else {
            let lawHasOne = law.extensionRule != nil || clock.type == .appeal
            return .failure(lawHasOne ? .notAllowedForType(clock.type, law.id) : .notAllowedByLaw(law.id))
        }
        guard clock.extensions.count < rule.count else { return .failure(.alreadyExtended(count: clock.extensions.count)) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if rule.reasonRequired && reason.isEmpty { return .failure(.reasonRequired) }
        if rule.noticeBeforeOriginalDeadline {
            let deadlines: RequestDeadlines
            do { deadlines = try compute(clock, calendar: calendar, now: now) } catch { return .failure(.deadline(error)) }
            if now > deadlines.dueAt { return .failure(.windowClosed(closedAt: deadlines.dueDate)) }
        }
        var extended = clock
        extended.extensions.append(GrantedExtension(grantedAt: now, reason: reason))
        return .success(extended)
    }

    /// The end of the day by which a refusal can be taken further, counted from the decision: the law's own figure
    /// (Québec: 30 days to the CAI), else, for a US state appeal to the controller ("a reasonable period"), the
    /// caller's `reasonablePeriod` (a property setting); nil when the law sets none (a GDPR complaint).
    public static func appealWindowEnd(
        law: Law, decidedAt: Date, calendar: DeadlineCalendar, reasonablePeriod: DeadlinePeriod = .calendarDays(60)
    ) -> Date? {
        let window: DeadlinePeriod?
        switch law.appeal {
        case .none: window = nil
        case .authority(let complaint): window = complaint.filingWindow
        case .controller(let appeal): window = appeal.window ?? reasonablePeriod
        }
        guard let window else { return nil }
        let decided = calendar.date(of: decidedAt)
        return lastDay(of: window, from: decided, pausedDays: 0, law: law, calendar: calendar).end(in: calendar.timeZone)
    }
}
