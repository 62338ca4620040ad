/// Proves that the log still holds every checkpointed head: the record at each checkpoint's chain and position
/// exists and has the signed hash. With `StoreAudit` (every chain recomputed), this catches a history rewritten
/// from any record up to a checkpoint, even when every later hash was recomputed to match.
public enum CheckpointAudit {
    /// A checkpoint the log no longer honours; names the chain.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The chain has no record at the checkpointed position: it was truncated or removed.
        case missing(chain: String, position: Int64)
        /// The record at the checkpointed position has another hash: history up to it was rewritten.
        case rewritten(chain: String, position: Int64)

        /// One line naming the chain and position.
        public var description: String {
            switch self {
            case .missing(let chain, let position):
                "chain \(chain): the log has no record at checkpointed position \(position)"
            case .rewritten(let chain, let position):
                "chain \(chain): the record at checkpointed position \(position) differs from the signed checkpoint (history was rewritten)"
            }
        }
    }

    /// The first checkpoint, in chain order, whose record is missing or different; nil when all hold.
    public static func run(_ checkpoints: [Checkpoint], against store: any ChainReader) async throws -> Failure? {
        for checkpoint in checkpoints.sorted(by: { ($0.chain, $0.position) < ($1.chain, $1.position) }) {
            let cursor = ChainCursor(chain: checkpoint.chain, position: checkpoint.position - 1)
            let link: ChainLink? =
                checkpoint.isConfigurationChain
                ? try await store.auditEntriesInChainOrder(after: cursor, limit: 1).first?.link
                : try await store.eventsInChainOrder(after: cursor, limit: 1).first?.link
            guard let link, link.chain == checkpoint.chain, link.position == checkpoint.position else {
                return .missing(chain: checkpoint.chain, position: checkpoint.position)
            }
            guard link.hash == checkpoint.hash else {
                return .rewritten(chain: checkpoint.chain, position: checkpoint.position)
            }
        }
        return nil
    }
}
