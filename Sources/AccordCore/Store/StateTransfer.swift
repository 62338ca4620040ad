import Foundation

/// What an export carries besides the log and the configuration (`accord export --include-secrets`, `accord
/// import`): the subject vault's entries, and the outbox's undelivered deliveries with their messages. Webhook
/// endpoints travel through `WebhookEndpointStore`, vault entries go in through `SubjectVault.insertVaultEntries`
/// (it stores them as given). Like `StoreImport`, only the importer and test fixtures should write through this.
public protocol StateTransfer: Sendable {
    /// Every vault entry, by property then subject key bytes, strictly after `cursor` when given.
    func vaultEntries(after cursor: VaultCursor?, limit: Int) async throws -> [VaultEntry]
    /// Every delivery not delivered yet (pending or dead), with its message, by message sequence then destination,
    /// strictly after `cursor` when given. Leases are not part of it: a moved delivery is claimable at once.
    func undeliveredDeliveries(after cursor: OutboxCursor?, limit: Int) async throws -> [OutboxDelivery]
    /// Stores deliveries as exported, in one transaction: each message once (the first delivery naming it brings it)
    /// with the sequence it had, so per-subject order and the `sequence` receivers compare hold across the move,
    /// and each delivery with its status, attempts and schedule. Messages written later get higher sequences.
    func importUndeliveredDeliveries(_ deliveries: [OutboxDelivery]) async throws
}

/// A position in the vault listing: the last entry read.
public struct VaultCursor: Hashable, Sendable {
    /// The last entry's property.
    public var property: PropertyID
    /// The last entry's subject key.
    public var subject: SubjectKey

    /// The cursor after `entry`.
    public init(after entry: VaultEntry) {
        property = entry.property
        subject = entry.subject
    }
}

/// A position in the undelivered listing: the last delivery read.
public struct OutboxCursor: Hashable, Sendable {
    /// The last delivery's message sequence.
    public var sequence: Int64
    /// The last delivery's destination.
    public var destination: String

    /// The cursor after `delivery`.
    public init(after delivery: OutboxDelivery) {
        sequence = delivery.message.sequence
        destination = delivery.destination
    }
}
