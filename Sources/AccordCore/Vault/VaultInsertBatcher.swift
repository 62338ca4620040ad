import Synchronization

/// Coalesces concurrent vault inserts into one transaction each round, like group commit for events: the first
/// caller to find no insert in progress writes everything pending (its own first) until nothing is left, and
/// every caller returns once its entry is durable. A burst of new subjects so costs a few commits, not one each.
final class VaultInsertBatcher: Sendable {
    private struct Waiter: Sendable {
        let entry: VaultEntry
        let continuation: CheckedContinuation<Result<Void, any Error>, Never>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let vault: any SubjectVault
    private let maximumBatch: Int

    init(vault: any SubjectVault, maximumBatch: Int = 512) {
        self.vault = vault
        self.maximumBatch = maximumBatch
    }

    /// Inserts `entry` unless its subject has one, with whatever else is pending; throws the batch's error.
    func insert(_ entry: VaultEntry) async throws {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, any Error>, Never>) in
            let lead = state.withLock { state in
                state.pending.append(Waiter(entry: entry, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if lead { Task { await self.drain() } }
        }
        try result.get()
    }

    private func drain() async {
        while true {
            let batch: [Waiter] = state.withLock { state in
                let taken = Array(state.pending.prefix(maximumBatch))
                state.pending.removeFirst(taken.count)
                if taken.isEmpty { state.writing = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            let result: Result<Void, any Error>
            do {
                try await vault.insertVaultEntries(batch.map(\.entry))
                result = .success(())
            } catch {
                result = .failure(error)
            }
            for waiter in batch { waiter.continuation.resume(returning: result) }
        }
    }
}
