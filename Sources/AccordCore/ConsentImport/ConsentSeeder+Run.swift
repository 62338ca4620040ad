import Foundation

/// What a seeding run did.
public struct ConsentSeedSummary: Hashable, Sendable {
    /// Events newly stored.
    public var stored = 0
    /// Writes answered by an event already stored (the same seed run again: same idempotency keys).
    public var replayed = 0
    /// Writes refused: the subject erased, or its idempotency key held by another request.
    public var refused = 0
    /// Transactions committed.
    public var batches = 0

    /// An empty summary.
    public init() {}
}

extension ConsentSeeder {
    /// Appends every subject in `order` to `log`, `batchSize` a transaction, building each next batch while the
    /// previous one commits (two cores: one builds, one writes). `progress` hears the summary after each commit.
    public func run(
        into log: any VaultedConsentLog, order: Order, batchSize: Int,
        progress: (ConsentSeedSummary) -> Void = { _ in }
    ) async throws -> ConsentSeedSummary {
        let size = max(1, batchSize)
        var summary = ConsentSeedSummary()
        var start = 0
        var pending: AppendBatch? = count > 0 ? try batch(0..<min(size, count), of: order) : nil
        while let current = pending {
            start += current.events.count
            let next = start < count ? start..<min(start + size, count) : nil
            async let built: AppendBatch? = next.map { try batch($0, of: order) }
            let results: [AppendResult]
            do {
                results = try await Self.append(current, to: log)
            } catch {
                _ = try? await built
                throw error
            }
            for result in results {
                switch result {
                case .recorded: summary.stored += 1
                case .replayed: summary.replayed += 1
                case .idempotencyConflict, .stale, .subjectErased: summary.refused += 1
                }
            }
            summary.batches += 1
            progress(summary)
            pending = try await built
        }
        return summary
    }

    /// One batch through the log's group-commit entry point, committed before this returns.
    private static func append(_ batch: AppendBatch, to log: any VaultedConsentLog) async throws -> [AppendResult] {
        let one = OneBatch(batch)
        try await log.appendVaultedBatches(next: { one.take() }, deliver: { one.deliver($0) })
        return try one.result()
    }
}
