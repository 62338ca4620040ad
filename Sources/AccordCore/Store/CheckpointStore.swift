/// Signed checkpoints of the audit chains: kept so they can be served to anyone who wants to hold Accord to them.
public protocol CheckpointStore: Sendable {
    /// Stores signed checkpoints. One for a chain and position already stored is ignored (the first is kept):
    /// instances checkpointing the same heads at the same time store each head once, and none fails for it.
    func saveCheckpoints(_ checkpoints: [SignedCheckpoint]) async throws
    /// The newest checkpoint (highest position) of each of the property's chains, its event chains and its
    /// configuration chain, sorted by chain.
    func latestCheckpoints(of property: PropertyID) async throws -> [SignedCheckpoint]
}
