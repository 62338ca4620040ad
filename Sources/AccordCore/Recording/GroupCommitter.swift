import Synchronization

/// Batches concurrent appends into store transactions (group commit), without a background task.
///
/// The first caller to find no commit in progress becomes the leader. It runs the store's commit loop:
/// batch after batch of pending events (its own first), each committed in one transaction and answered as
/// soon as it is durable, while new callers keep queueing. After a few batches, or when nothing is pending,
/// the leader hands leadership to the oldest waiter and returns its own answer; so no caller is held back by
/// other people's traffic for more than a few commits, and every answer comes after its commit.
public final class GroupCommitter: Sendable {
    /// Appends one batch in one transaction, answering each of its events in order.
    public typealias Commit = @Sendable ([ConsentEvent]) async throws -> [AppendResult]
    /// A store's commit loop (`ConsentLog.appendBatches`): commits batches while `next` returns one, passing
    /// each batch's results (or error) to `deliver` as soon as the batch is durable.
    public typealias CommitLoop =
        @Sendable (
            _ next: @escaping @Sendable () -> [ConsentEvent]?,
            _ deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
        ) async throws -> Void
    /// A commit loop over batches that carry vault entries (`VaultedConsentLog.appendVaultedBatches`).
    private typealias BatchLoop =
        @Sendable (
            _ next: @escaping @Sendable () -> AppendBatch?,
            _ deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
        ) async throws -> Void

    private enum Signal: Sendable {
        case lead
        case done(Result<AppendResult, any Error>)
    }

    private struct Waiter: Sendable {
        let id: UInt64
        let event: ConsentEvent
        let vaultEntry: VaultEntry?
        let followUps: [OutboxEntry]
        let contact: ContactFollowUp?
        let continuation: CheckedContinuation<Signal, Never>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var leaderActive = false
        var nextID: UInt64 = 0
    }

    /// What one leadership has taken and not yet answered.
    private struct Leadership: Sendable {
        var batches = 0
        var inFlight: [Waiter] = []
        var takenAt: ContinuousClock.Instant?
        var own: Result<AppendResult, any Error>?
    }

    /// One committed (or failed) batch, for metrics: how many events it carried and how long its transaction took.
    public struct BatchReport: Sendable {
        /// Events in the batch.
        public var size: Int
        /// From taking the batch to its answer: the transaction and its fsync.
        public var duration: Duration
        /// Whether the batch's transaction failed.
        public var failed: Bool
    }

    /// Called after each batch, on the committing task: keep it cheap.
    public typealias Observer = @Sendable (BatchReport) -> Void

    private let state = Mutex(State())
    private let loop: BatchLoop
    /// True when the loop stores the vault entries given to `submit(_:vaultEntry:)` in the batch's transaction
    /// (the store is a `VaultedConsentLog`); otherwise they must be stored before submitting.
    public let storesVaultEntries: Bool
    private let maximumBatch: Int
    private let batchesPerLeadership: Int
    private let observer: Observer?

    /// Group commit through a store's own commit loop.
    /// A store that is a `VaultedConsentLog` also stores the submitted vault entries in each batch's transaction.
    public convenience init(
        store: any ConsentLog, maximumBatch: Int = 512, batchesPerLeadership: Int = 4, observer: Observer? = nil
    ) {
        if let vaulted = store as? any VaultedConsentLog {
            self.init(
                maximumBatch: maximumBatch, batchesPerLeadership: batchesPerLeadership, observer: observer,
                storesVaultEntries: true
            ) { next, deliver in
                try await vaulted.appendVaultedBatches(next: next, deliver: deliver)
            }
        } else {
            self.init(maximumBatch: maximumBatch, batchesPerLeadership: batchesPerLeadership, observer: observer) { next, deliver in
                try await store.appendBatches(next: next, deliver: deliver)
            }
        }
    }

    /// Group commit through a plain commit function, one call per batch.
    public convenience init(maximumBatch: Int = 512, commit: @escaping Commit) {
        self.init(maximumBatch: maximumBatch, batchesPerLeadership: 1) { next, deliver in
            while let events = next() {
                do {
                    deliver(.success(try await commit(events)))
                } catch {
                    deliver(.failure(error))
                }
            }
        }
    }

    /// Group commit through any commit loop: batches of at most `maximumBatch` events, and the leader hands on
    /// after `batchesPerLeadership` batches (at least 1).
    public convenience init(maximumBatch: Int, batchesPerLeadership: Int, observer: Observer? = nil, loop: @escaping CommitLoop) {
        self.init(
            maximumBatch: maximumBatch, batchesPerLeadership: batchesPerLeadership, observer: observer, storesVaultEntries: false
        ) { next, deliver in
            try await loop({ next()?.events }, deliver)
        }
    }

    private init(
        maximumBatch: Int, batchesPerLeadership: Int, observer: Observer?, storesVaultEntries: Bool, loop: @escaping BatchLoop
    ) {
        self.loop = loop
        self.storesVaultEntries = storesVaultEntries
        self.observer = observer
        self.maximumBatch = maximumBatch
        self.batchesPerLeadership = max(1, batchesPerLeadership)
    }

    /// Appends `event` with whatever else is pending and returns its answer once its batch is committed; throws
    /// the batch's error when its transaction failed. `vaultEntry` (the subject's, when it may be new) is stored
    /// in the same transaction when `storesVaultEntries`, and ignored otherwise; so are `followUps`, written in that
    /// transaction only if it records the event anew (`FollowUp`), and `contact`, stored in it before them
    /// (`ContactFollowUp`).
    public func submit(
        _ event: ConsentEvent, vaultEntry: VaultEntry? = nil, followUps: [OutboxEntry] = [], contact: ContactFollowUp? = nil
    ) async throws -> AppendResult {
        var myID: UInt64 = 0
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let leads = state.withLock { state in
                myID = state.nextID
                state.nextID &+= 1
                state.pending.append(
                    Waiter(
                        id: myID, event: event, vaultEntry: vaultEntry, followUps: followUps, contact: contact,
                        continuation: continuation))
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
            return try await lead(leaderID: myID).get()
        }
    }

    private func lead(leaderID: UInt64) async -> Result<AppendResult, any Error> {
        let leadership = Mutex(Leadership())
        let next: @Sendable () -> AppendBatch? = { [self] in
            guard leadership.withLock({ $0.batches < batchesPerLeadership }) else { return nil }
            let batch = state.withLock { state in
                let taken = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(taken.count)
                return taken
            }
            guard !batch.isEmpty else { return nil }
            let now = observer == nil ? nil : ContinuousClock.now
            leadership.withLock {
                $0.batches += 1
                $0.inFlight = batch
                $0.takenAt = now
            }
            return AppendBatch(
                events: batch.map(\.event), vaultEntries: batch.compactMap(\.vaultEntry),
                followUps: batch.flatMap { waiter in waiter.followUps.map { FollowUp(event: waiter.event.id, entry: $0) } },
                contacts: batch.compactMap(\.contact))
        }
        let deliver: @Sendable (Result<[AppendResult], any Error>) -> Void = { [observer = self.observer] outcome in
            let (batch, takenAt) = leadership.withLock { leadership in
                defer {
                    leadership.inFlight = []
                    leadership.takenAt = nil
                }
                return (leadership.inFlight, leadership.takenAt)
            }
            if let observer, let takenAt, !batch.isEmpty {
                let failed: Bool
                if case .failure = outcome { failed = true } else { failed = false }
                observer(BatchReport(size: batch.count, duration: ContinuousClock.now - takenAt, failed: failed))
            }
            if case .success(let results) = outcome {
                precondition(results.count == batch.count, "a store must answer every event of a batch")
            }
            for (index, waiter) in batch.enumerated() {
                let result = outcome.map { $0[index] }
                if waiter.id == leaderID {
                    leadership.withLock { $0.own = result }
                } else {
                    waiter.continuation.resume(returning: .done(result))
                }
            }
        }
        do {
            try await loop(next, deliver)
        } catch {
            // The loop failed outside a batch (the database could not be reached): fail what it had taken.
            deliver(.failure(error))
            if leadership.withLock({ $0.own == nil }) { leadership.withLock { $0.own = .failure(error) } }
        }
        let successor = state.withLock { state -> Waiter? in
            // A loop that failed before taking anything leaves the leader's own event pending: take it out.
            state.pending.removeAll { $0.id == leaderID }
            guard let first = state.pending.first else {
                state.leaderActive = false
                return nil
            }
            return first
        }
        successor?.continuation.resume(returning: .lead)
        return leadership.withLock { $0.own } ?? .failure(CancellationError())
    }
}
