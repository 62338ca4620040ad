import Synchronization

extension InMemoryConsentStore {
    /// `OutboxBacklog`: pending deliveries by channel.
    public func outboxBacklog() async throws -> [OutboxChannel: Int] {
        contents.withLock { $0.outbox.backlog() }
    }
}
