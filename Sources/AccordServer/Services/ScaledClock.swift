import AccordCore
import Foundation
import Synchronization

/// Real time running `rate` times faster from `epoch` (`webhooks.testClockRate`, for tests only); real time
/// when `rate` is 1.
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

    public var now: Date {
        rate == 1 ? Date() : epoch.addingTimeInterval(Date().timeIntervalSince(epoch) * rate)
    }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: .milliseconds(Int64(max(0, Double(duration.milliseconds) / rate))))
    }
}

/// A clock that moves only when told (`advance`): for tests. `sleep` returns after a short real pause, so a
/// service loop spins through its rounds while the test sets the time.
public final class ManualClock: ServiceClock {
    private let time: Mutex<Date>

    /// A clock standing at `start`.
    public init(_ start: Date) { time = Mutex(start) }

    public var now: Date { time.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by interval: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(interval) } }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension ServiceClock {
    /// Seconds of this clock per real second: a `ScaledClock`'s rate, else 1. Leases that must outlast real
    /// network timeouts, and latencies reported in real time, are scaled by it.
    var rate: Double { (self as? ScaledClock)?.rate ?? 1 }
}
