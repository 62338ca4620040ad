import AccordCore
import Foundation

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

extension ServiceClock {
    /// Seconds of this clock per real second: a `ScaledClock`'s rate, else 1. Leases that must outlast real
    /// network timeouts, and latencies reported in real time, are scaled by it.
    var rate: Double { (self as? ScaledClock)?.rate ?? 1 }
}
