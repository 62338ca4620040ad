import Foundation

/// When to try a failed delivery again: exponential backoff with full jitter, starting from `base` and doubling
/// up to `cap`, until `lifetime` after the first attempt; the last attempt is made at that moment, and after it
/// fails the delivery is dead-lettered. Pure: the random draw is passed in.
public struct RetrySchedule: Hashable, Sendable {
    /// The ceiling of the first wait (5 s).
    public var base: TimeInterval
    /// The largest ceiling a wait reaches (12 h).
    public var cap: TimeInterval
    /// How long after the first attempt the last one is made (72 h).
    public var lifetime: TimeInterval

    /// The schedule the issue sets: 5 s, doubling, up to a last attempt 72 h after the first.
    public static let standard = RetrySchedule(base: 5, cap: 12 * 3600, lifetime: 72 * 3600)

    /// A schedule from its parts.
    public init(base: TimeInterval, cap: TimeInterval, lifetime: TimeInterval) {
        self.base = base
        self.cap = cap
        self.lifetime = lifetime
    }

    /// The ceiling of the wait after the `attempt`-th failed attempt (1-based): `base · 2^(attempt-1)`, at most `cap`.
    public func ceiling(after attempt: Int) -> TimeInterval {
        min(cap, base * pow(2, Double(min(max(attempt - 1, 0), 40))))
    }

    /// When to try again after the `attempt`-th attempt failed at `now`, the first having been made at `first`;
    /// nil when that was the last attempt (dead-letter it). `jitter` is a draw in [0, 1): the wait is
    /// `jitter · ceiling` (full jitter), at least one second; `retryAfter`, when the destination asked for a
    /// wait (429, 503), replaces it. Never later than the last attempt's moment, `first + lifetime`.
    public func next(after attempt: Int, first: Date, now: Date, jitter: Double, retryAfter: TimeInterval? = nil) -> Date? {
        let last = first.addingTimeInterval(lifetime)
        guard now < last else { return nil }
        let wait = retryAfter.map { max($0, 1) } ?? max(1, min(max(jitter, 0), 1) * ceiling(after: attempt))
        return min(now.addingTimeInterval(wait), last)
    }

    /// Parses a `Retry-After` value: delay-seconds or an HTTP date, as a wait from `now`; nil when unreadable.
    public static func retryAfter(_ value: String, now: Date) -> TimeInterval? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return TimeInterval(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
