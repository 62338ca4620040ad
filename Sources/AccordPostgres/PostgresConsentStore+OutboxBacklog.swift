import AccordCore
import PostgresNIO

extension PostgresConsentStore {
    /// `OutboxBacklog`: pending deliveries by channel (the partial index on pending deliveries keeps it short).
    public func outboxBacklog() async throws -> [OutboxChannel: Int] {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT channel, count(*) FROM outbox_deliveries WHERE status = 'pending' GROUP BY channel", logger: self.logger)
            var counts: [OutboxChannel: Int] = [:]
            for try await (name, pending) in rows.decode((String, Int64).self) {
                guard let channel = OutboxChannel(rawValue: name) else {
                    throw StoreError.corrupt("outbox delivery with unknown channel \(name)")
                }
                counts[channel] = Int(pending)
            }
            return counts
        }
    }
}
