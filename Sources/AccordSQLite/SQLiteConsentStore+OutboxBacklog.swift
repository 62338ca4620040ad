import AccordCore
import GRDB

extension SQLiteConsentStore {
    /// `OutboxBacklog`: pending deliveries by channel (the partial index on pending deliveries keeps it short).
    public func outboxBacklog() async throws -> [OutboxChannel: Int] {
        try await guarded {
            try pool.unsafeRead { db in
                var counts: [OutboxChannel: Int] = [:]
                let rows = try Row.fetchAll(
                    db, sql: "SELECT channel, count(*) AS pending FROM outbox_deliveries WHERE status = 'pending' GROUP BY channel")
                for row in rows {
                    let name: String = try cell(row, "outbox_deliveries", "channel")
                    guard let channel = OutboxChannel(rawValue: name) else {
                        throw StoreError.corrupt("outbox delivery with unknown channel \(name)")
                    }
                    counts[channel] = try cell(row, "outbox_deliveries", "pending") as Int
                }
                return counts
            }
        }
    }
}
