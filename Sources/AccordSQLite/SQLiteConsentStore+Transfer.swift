import AccordCore
import Foundation
import GRDB

/// `StateTransfer`: the vault and the undelivered outbox, read in key order and written back as they were.
extension SQLiteConsentStore {
    public func vaultEntries(after cursor: VaultCursor?, limit: Int) async throws -> [VaultEntry] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM subject_vault WHERE (property_id, subject_key) > (?, ?)
                        ORDER BY property_id, subject_key LIMIT ?
                        """,
                    arguments: [cursor?.property.rawValue ?? "", Data(cursor?.subject.bytes ?? []), limit]
                ).map(Self.vaultEntry)
            }
        }
    }

    public func undeliveredDeliveries(after cursor: OutboxCursor?, limit: Int) async throws -> [OutboxDelivery] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(SQLiteOutbox.columns) FROM outbox_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq
                        WHERE d.status <> 'delivered' AND (d.message_seq, d.destination) > (?, ?)
                        ORDER BY d.message_seq, d.destination LIMIT ?
                        """,
                    arguments: [cursor?.sequence ?? 0, cursor?.destination ?? "", limit]
                ).map(SQLiteOutbox.delivery(row:))
            }
        }
    }

    /// The message keeps its `seq` (AUTOINCREMENT then continues after the largest), its deliveries their state.
    public func importUndeliveredDeliveries(_ deliveries: [OutboxDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        try await guarded {
            try await pool.write { db in
                for delivery in deliveries {
                    let message = delivery.message
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_messages (seq, id, channel, type, property_id, subject_key, payload, created_at, subject_seq)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING
                            """,
                        arguments: [
                            message.sequence, message.id, message.channel.rawValue, message.type, message.property.rawValue,
                            Data(message.subject?.bytes ?? []), Data(message.payload), message.createdAt.millisecondsSince1970,
                            message.subjectSequence,
                        ])
                    // The subject's counter continues after its moved messages.
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_subject_sequences (property_id, subject_key, last) VALUES (?, ?, ?)
                            ON CONFLICT (property_id, subject_key) DO UPDATE SET last = MAX(last, excluded.last)
                            """,
                        arguments: [message.property.rawValue, Data(message.subject?.bytes ?? []), message.subjectSequence])
                    try db.execute(
                        sql: """
                            INSERT INTO outbox_deliveries (message_seq, destination, channel, subject_key, status, attempts,
                                next_attempt_at, last_status, last_error, first_attempt_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            message.sequence, delivery.destination, message.channel.rawValue, Data(message.subject?.bytes ?? []),
                            delivery.status.rawValue, delivery.attempts, delivery.nextAttemptAt.millisecondsSince1970,
                            delivery.lastStatusCode, delivery.lastError, delivery.firstAttemptAt?.millisecondsSince1970,
                        ])
                }
                // Link the moved messages to their subjects' earlier ones, for the claim's order check.
                let moved = Set(deliveries.map(\.message.sequence)).map(String.init).joined(separator: ",")
                try db.execute(
                    sql: SQLiteOutboxSchema.linkPrevious(
                        messages: "EXISTS (SELECT 1 FROM outbox_messages x WHERE x.seq IN (\(moved)) "
                            + "AND x.property_id = outbox_messages.property_id AND x.subject_key = outbox_messages.subject_key)",
                        subjects: "EXISTS (SELECT 1 FROM outbox_messages x WHERE x.seq IN (\(moved)) "
                            + "AND x.property_id = outbox_subject_sequences.property_id AND x.subject_key = outbox_subject_sequences.subject_key)"))
            }
        }
    }
}
