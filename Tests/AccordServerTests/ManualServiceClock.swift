import AccordServer
import Foundation
import Synchronization

/// A clock the test moves: `sleep` waits until `advance` moves the time past its deadline, and
/// `nextSleep()` lets the test wait until the service has finished its work and gone back to sleep.
final class ManualServiceClock: ServiceClock {
    private struct State {
        var now: Date
        var sleepers: [(deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
        var sleepsStarted = 0
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    init(now: Date) { state = Mutex(State(now: now)) }

    var now: Date { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let woken = state.withLock { state in
                state.sleepers.append((state.now.addingTimeInterval(seconds), continuation))
                state.sleepsStarted += 1
                let count = state.sleepsStarted
                let ready = state.watchers.filter { $0.count <= count }
                state.watchers.removeAll { $0.count <= count }
                return ready
            }
            woken.forEach { $0.continuation.resume() }
        }
    }

    /// Returns once the service has started its `count`-th sleep (counting from 1).
    func sleepStarted(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.sleepsStarted < count else { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Moves the time by `interval` and wakes every sleeper whose deadline it passes.
    func advance(by interval: TimeInterval) {
        let due = state.withLock { state in
            state.now = state.now.addingTimeInterval(interval)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        due.forEach { $0.continuation.resume() }
    }

    /// Ends every sleep with `CancellationError`, so the service returns.
    func stop() {
        let all = state.withLock { state in
            defer { state.sleepers = [] }
            return state.sleepers
        }
        all.forEach { $0.continuation.resume(throwing: CancellationError()) }
    }
}

/// A clock that moves only when told (`advance`), for services tested by polling their results. `sleep` returns after a short real pause, so a
/// service loop spins through its rounds while the test sets the time.
final class ManualClock: ServiceClock {
    private let time: Mutex<Date>

    /// A clock standing at `start`.
    init(_ start: Date) { time = Mutex(start) }

    var now: Date { time.withLock { $0 } }

    /// Moves the clock forward.
    func advance(by interval: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(interval) } }

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: .milliseconds(5))
    }
}
