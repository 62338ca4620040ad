import Foundation

/// Makes and stores the signed checkpoints of every chain: what the hourly service and `accord audit checkpoint` run.
public enum Checkpointing {
    /// A checkpoint of each chain head that has at least one record, dated `time`.
    public static func checkpoints(of heads: [ChainHead], at time: Date) -> [Checkpoint] {
        heads.filter { $0.position > 0 }.sorted { $0.chain < $1.chain }
            .map { Checkpoint(chain: $0.chain, position: $0.position, hash: $0.hash, time: time) }
    }

    /// Signs the current head of every chain with `signer` and stores the checkpoints; returns them.
    /// Safe to run from several instances at once: a head already checkpointed is kept as first stored.
    @discardableResult
    public static func run(store: any ChainReader & CheckpointStore, signer: ReceiptSigner, at time: Date) async throws
        -> [SignedCheckpoint]
    {
        let signed = try checkpoints(of: try await store.chainHeads(), at: time).map {
            try SignedCheckpoint(signing: $0, with: signer)
        }
        if !signed.isEmpty { try await store.saveCheckpoints(signed) }
        return signed
    }
}
