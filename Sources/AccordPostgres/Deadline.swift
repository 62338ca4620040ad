import AccordCore
import Synchronization

/// Runs an operation but answers by a deadline, even when the operation itself never returns.
///
/// Why not a task group: PostgresNIO writes a query to its channel without a write promise, so a query
/// sent on a connection that closed a moment earlier (the server restarting between two statements of a
/// transaction) can await forever, and it ignores cancellation. A structured child would hold the caller
/// (and, through group commit, every request in the batch) with it. Here the operation runs in its own
/// task; the caller gets `StoreError.unavailable` at the deadline and the operation is cancelled. In every
/// other case the operation ends by itself, so the unstructured tasks never outlive their work.
enum Deadline {
    static func run<T: Sendable>(
        within timeout: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        let work = Task { race.finish(await Result { try await operation() }) }
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            race.finish(.failure(StoreError.unavailable("no answer within \(timeout)")))
        }
        race.track([work, timer])
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { race.attach($0) }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The first result wins; the loser and the timer are cancelled.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var result: Result<T, any Error>?
            var tasks: [Task<Void, Never>] = []
        }

        private let state = Mutex(State())

        func attach(_ continuation: CheckedContinuation<T, any Error>) {
            let ready = state.withLock { state -> Result<T, any Error>? in
                guard let result = state.result else {
                    state.continuation = continuation
                    return nil
                }
                return result
            }
            if let ready { continuation.resume(with: ready) }
        }

        func track(_ tasks: [Task<Void, Never>]) {
            let finished = state.withLock { state in
                state.tasks = tasks
                return state.result != nil
            }
            if finished { tasks.forEach { $0.cancel() } }
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
                guard state.result == nil else { return (nil, []) }
                state.result = result
                defer { state.continuation = nil }
                return (state.continuation, state.tasks)
            }
            continuation?.resume(with: result)
            tasks.forEach { $0.cancel() }
        }
    }
}

extension Result where Failure == any Error {
    fileprivate init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
