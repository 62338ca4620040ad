import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `StateTransfer`, from the store's own vault.
    public func vaultEntries(after cursor: VaultCursor?, limit: Int) async throws -> [VaultEntry] {
        vault.vaultEntries(after: cursor, limit: limit)
    }

    /// `StateTransfer`: the outbox's undelivered deliveries.
    public func undeliveredDeliveries(after cursor: OutboxCursor?, limit: Int) async throws -> [OutboxDelivery] {
        contents.withLock { $0.outbox.undelivered(after: cursor, limit: limit) }
    }

    /// `StateTransfer`: under the store's lock.
    public func importUndeliveredDeliveries(_ deliveries: [OutboxDelivery]) async throws {
        contents.withLock { $0.outbox.importUndelivered(deliveries) }
    }
}
