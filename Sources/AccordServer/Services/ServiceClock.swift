import Foundation

/// The time background services run on: the wall clock in production, a clock the test moves in tests, so no
/// test waits for real time to pass.
public protocol ServiceClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Returns once `duration` has passed on this clock; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The system's clock: `Date()` and `Task.sleep`.
public struct SystemServiceClock: ServiceClock {
    /// The system clock.
    public init() {}

    /// `Date()`.
    public var now: Date { Date() }

    /// `Task.sleep(for:)`.
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
