import Foundation

/// What the request service owes an open request at a time: pure, so tests move time instead of waiting.
public enum RequestReminders {
    /// One thing to do.
    public enum Due: String, Hashable, Sendable {
        /// 24 hours after intake, still waiting for the code: remind the requester (once).
        case verify
        /// 7 days after intake, still not verified: close as `unverifiable`.
        case unverifiable
        /// The due date is at most 7 days away: `request.dueSoon` (once).
        case due7
        /// The due date is at most 2 days away: `request.dueSoon` again (once).
        case due2
    }

    /// The next thing due for `request` at `now`, if any (one at a time: each is recorded before the next is asked).
    public static func next(for request: PrivacyRequest, now: Date) -> Due? {
        guard request.status.isOpen else { return nil }
        let age = now.timeIntervalSince(request.createdAt)
        if request.status == .verifying {
            if age >= 7 * 86_400 { return .unverifiable }
            if age >= 86_400, request.challenge != nil, !request.remindersSent.contains(Due.verify.rawValue) { return .verify }
        }
        guard let due = request.effectiveDueAt else { return nil }
        // While the clock is stopped the due date moves on day by day: nothing is due soon.
        if request.isPaused { return nil }
        let left = due.timeIntervalSince(now)
        // Reminders count against the effective date: an extension or a pause makes them due again for the new date.
        let suffix = suffix(request)
        if left <= 2 * 86_400, !request.remindersSent.contains(Due.due2.rawValue + suffix) { return .due2 }
        if left <= 7 * 86_400, left > 2 * 86_400, !request.remindersSent.contains(Due.due7.rawValue + suffix) { return .due7 }
        return nil
    }

    /// The marker recorded in `remindersSent` once `due` was done.
    public static func marker(_ due: Due, for request: PrivacyRequest) -> String {
        due.rawValue + (due == .verify ? "" : suffix(request))
    }

    /// `:extended` once extended, and, once the clock was ever stopped, `@` and the due instant in milliseconds, so a
    /// due date moved by a pause is reminded of again.
    static func suffix(_ request: PrivacyRequest) -> String {
        var suffix = request.extendedDueAt == nil ? "" : ":extended"
        if request.clock?.pauses.isEmpty == false, let due = request.effectiveDueAt { suffix += "@\(due.millisecondsSince1970)" }
        return suffix
    }
}
