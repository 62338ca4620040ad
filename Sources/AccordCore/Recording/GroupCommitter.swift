import Synchronization

/// Batches concurrent appends into one store transaction (group commit), without a background task.
///
/// The first caller to find no commit in progress becomes the leader: it takes every pending event
/// (its own first), commits them together and answers the others. Callers that arrive meanwhile wait;
/// when the commit is done the leader hands leadership to the oldest waiter, so no caller's answer is held
/// back by other people's traffic for longer than one commit, and every answer comes after its commit.
public final class GroupCommitter: Sendable {
    public typealias Commit = @Sendable ([ConsentEvent]) async throws -> [AppendResult]

    private enum Signal: Sendable {
        case lead
        case done(Result<AppendResult, any Error>)
    }

    private struct Waiter: Sendable {
        let id: UInt64
        let event: ConsentEvent
        let continuation: CheckedContinuation<Signal, Never>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var leaderActive = false
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let commit: Commit
    private let maximumBatch: Int

    public init(maximumBatch: Int = 512, commit: @escaping Commit) {
        self.commit = commit
        self.maximumBatch = maximumBatch
    }

    public func submit(_ event: ConsentEvent) async throws -> AppendResult {
        var myID: UInt64 = 0
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let leads = state.withLock { state in
                myID = state.nextID
                state.nextID &+= 1
                state.pending.append(Waiter(id: myID, event: event, continuation: continuation))
                if state.leaderActive { return false }
                state.leaderActive = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch signal {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await leadOneBatch(leaderID: myID)
        }
    }

    private func leadOneBatch(leaderID: UInt64) async throws -> AppendResult {
        let batch = state.withLock { state in
            let taken = Array(state.pending.prefix(maximumBatch))
            state.pending.removeFirst(taken.count)
            return taken
        }
        let outcome: Result<[AppendResult], any Error>
        do {
            let results = try await commit(batch.map(\.event))
            precondition(results.count == batch.count, "a store must answer every event of a batch")
            outcome = .success(results)
        } catch {
            outcome = .failure(error)
        }
        // Hand leadership on before answering this batch: the next leader is then first in the executor's
        // queue, so the next commit starts at once instead of after every answer of this batch is written.
        let next = state.withLock { state -> Waiter? in
            guard let first = state.pending.first else {
                state.leaderActive = false
                return nil
            }
            return first
        }
        next?.continuation.resume(returning: .lead)
        var mine: Result<AppendResult, any Error> = .failure(CancellationError())
        for (index, waiter) in batch.enumerated() {
            let result = outcome.map { $0[index] }
            if waiter.id == leaderID { mine = result } else { waiter.continuation.resume(returning: .done(result)) }
        }
        return try mine.get()
    }
}
