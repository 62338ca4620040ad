import Foundation

/// The per-account lockout: after `maximumFailures` wrong passwords in a row, sign-ins to the account are refused
/// for `duration`, whatever password is given. Attempts during a lockout are not counted, and the count starts
/// again once it has passed or after a successful sign-in.
public enum SignInLockout {
    public static let maximumFailures = 5
    public static let duration: TimeInterval = 15 * 60

    /// Whether `user` may not sign in at `now`.
    public static func isLocked(_ user: ConsoleUser, at now: Date) -> Bool {
        user.lockedUntil.map { now < $0 } ?? false
    }

    /// The counter and lock after one more failure at `now`; stores apply it in the transaction that reads them.
    public static func afterFailure(failures: Int, lockedUntil: Date?, at now: Date) -> (failures: Int, lockedUntil: Date?) {
        if let lockedUntil, now < lockedUntil { return (failures, lockedUntil) }
        let count = (lockedUntil == nil ? failures : 0) + 1
        return count >= maximumFailures ? (0, now.addingTimeInterval(duration)) : (count, nil)
    }
}
