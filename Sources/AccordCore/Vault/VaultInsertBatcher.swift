import Synchronization

/// Coalesces concurrent vault inserts into one transaction each round, like group commit for events, without a
/// background task: the first caller to find no insert in progress leads, writing its own entry with whatever is
/// pending, batch after batch while more arrive (at most a few), then hands the lead to the oldest waiter. Every
/// caller returns once its entry is durable. A burst of new subjects so costs a few commits, not one each.
final class VaultInsertBatcher: Sendable {
    private enum Signal: Sendable {
        case lead
        case done(Result<Void, any Error>)
    }

    private struct Waiter: Sendable {
        let entry: VaultEntry
        let continuation: CheckedContinuation<Signal, Never>
    }

    private struct State: Sendable {
        var pending: [Waiter] = []
        var leading = false
    }

    private let state = Mutex(State())
    private let vault: any SubjectVault
    private let maximumBatch: Int
    private let batchesPerLead: Int

    init(vault: any SubjectVault, maximumBatch: Int = 512, batchesPerLead: Int = 4) {
        self.vault = vault
        self.maximumBatch = maximumBatch
        self.batchesPerLead = max(1, batchesPerLead)
    }

    /// Inserts `entry` unless its subject has one, with whatever else is pending; throws its batch's error.
    func insert(_ entry: VaultEntry) async throws {
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let lead = state.withLock { state in
                guard state.leading else {
                    state.leading = true
                    return true
                }
                state.pending.append(Waiter(entry: entry, continuation: continuation))
                return false
            }
            if lead { continuation.resume(returning: .lead) }
        }
        switch signal {
        case .done(let result): try result.get()
        case .lead: try await lead(with: entry)
        }
    }

    private func lead(with entry: VaultEntry) async throws {
        var own: Result<Void, any Error>?
        for _ in 0..<batchesPerLead {
            let batch = state.withLock { state in
                let taken = Array(state.pending.prefix(maximumBatch - (own == nil ? 1 : 0)))
                state.pending.removeFirst(taken.count)
                return taken
            }
            if own != nil && batch.isEmpty { break }
            let result: Result<Void, any Error>
            do {
                try await vault.insertVaultEntries((own == nil ? [entry] : []) + batch.map(\.entry))
                result = .success(())
            } catch {
                result = .failure(error)
            }
            if own == nil { own = result }
            for waiter in batch { waiter.continuation.resume(returning: .done(result)) }
        }
        // Hand over: the oldest waiter leads next, with its own entry; with none waiting, nobody leads.
        let next = state.withLock { state -> Waiter? in
            guard !state.pending.isEmpty else {
                state.leading = false
                return nil
            }
            return state.pending.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        try own?.get()
    }
}
