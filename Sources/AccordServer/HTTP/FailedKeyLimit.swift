import Hummingbird
import Synchronization

/// Limits failed API-key attempts per client address: past `perMinute` failures (as a burst, refilled at that
/// rate), every request from the address that presents a key is refused with 429 before the key is looked up,
/// so guessing keys costs the guesser time and the store nothing.
final class FailedKeyLimit: Sendable {
    private let limiter: RateLimiter
    private let blockedUntil = Mutex<[String: ContinuousClock.Instant]>([:])

    init(perMinute: Int) {
        limiter = RateLimiter(perMinute: max(1, perMinute), burst: max(1, perMinute))
    }

    /// Whether any address is blocked now or was until lately: while none is, `wait` answers nil for every address,
    /// so a good key's request need not work out its client's address to ask.
    var anyBlocked: Bool { blockedUntil.withLock { !$0.isEmpty } }

    /// The seconds `address` must still wait, or nil when it may try a key.
    func wait(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        blockedUntil.withLock { blocked in
            guard let until = blocked[address] else { return nil }
            guard until > now else {
                blocked[address] = nil
                return nil
            }
            return Self.seconds(until - now)
        }
    }

    /// Counts a failed attempt; returns the seconds to wait when it used up the allowance.
    func recordFailure(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        guard let wait = limiter.acquire(address, now: now) else { return nil }
        blockedUntil.withLock { blocked in
            if blocked.count > 100_000 { blocked = blocked.filter { $0.value > now } }
            blocked[address] = now + .seconds(wait)
        }
        return wait
    }

    static func error(wait: Int) -> APIError {
        var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many failed API keys from this address")
        error.headers[.retryAfter] = String(wait)
        return error
    }

    private static func seconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
