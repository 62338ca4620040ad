import Foundation
import Synchronization

/// The time background services run by: injected, so tests move it instead of waiting.
public protocol ServiceClock: Sendable {
    /// The current time on this clock.
    func now() -> Date
    /// Waits `interval` seconds of this clock's time (or until cancelled, which throws).
    func sleep(for interval: TimeInterval) async throws
    /// How many seconds of this clock pass in one real second; leases that must outlast real network timeouts
    /// are scaled by it.
    var rate: Double { get }
}

/// Real time, or real time running `rate` times faster from `epoch` (`webhooks.testClockRate`, for tests only).
public struct ScaledClock: ServiceClock {
    /// Seconds of this clock per real second.
    public let rate: Double
    /// The moment from which it runs faster; it agrees with real time there.
    public let epoch: Date

    /// Real time when `rate` is 1.
    public init(rate: Double = 1, epoch: Date = Date()) {
        self.rate = rate
        self.epoch = epoch
    }

    public func now() -> Date {
        rate == 1 ? Date() : epoch.addingTimeInterval(Date().timeIntervalSince(epoch) * rate)
    }

    public func sleep(for interval: TimeInterval) async throws {
        try await Task.sleep(for: .milliseconds(Int64(max(0, interval / rate) * 1000)))
    }
}

/// A clock that moves only when told (`advance`): for tests. `sleep` returns at once after yielding, so a
/// service loop spins through its rounds while the test sets the time.
public final class ManualClock: ServiceClock {
    private let time: Mutex<Date>

    /// A clock standing at `start`.
    public init(_ start: Date) { time = Mutex(start) }

    public var rate: Double { 1 }
    public func now() -> Date { time.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by interval: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(interval) } }

    public func sleep(for interval: TimeInterval) async throws {
        try await Task.sleep(for: .milliseconds(5))
    }
}
