import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Signs the head of every chain once at start and then every `interval` (`audit.checkpointInterval`), until a
/// graceful shutdown. Several instances may run it on one database: a head checkpointed twice is stored once, so
/// the only cost of running it everywhere is a few signatures an hour.
struct CheckpointService<C: Clock>: Service where C.Duration == Duration {
    let store: any ChainReader & CheckpointStore
    let signer: ReceiptSigner
    let interval: Duration
    let clock: C
    /// Dates the checkpoints.
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await checkpoint()
                try await clock.sleep(for: interval)
            }
        }
    }

    /// One round; a failure (the database away) is logged and the next round tries again.
    func checkpoint() async {
        do {
            let signed = try await Checkpointing.run(store: store, signer: signer, at: now())
            logger.debug("checkpoints signed", metadata: ["accord.chains": "\(signed.count)"])
        } catch {
            logger.warning("checkpoints not signed; next try in one interval", metadata: ["accord.error": "\(error)"])
        }
    }
}
