/// How much the outbox still has to send: what `GET /metrics` reports as `accord_outbox_backlog`. A role of its own,
/// read at each scrape, so the figure is the database's (shared by every instance, right after a restart) rather
/// than a count one process keeps.
public protocol OutboxBacklog: Sendable {
    /// Pending deliveries (not yet delivered nor dead-lettered, leased or not) by channel; a channel without any
    /// is left out.
    func outboxBacklog() async throws -> [OutboxChannel: Int]
}
