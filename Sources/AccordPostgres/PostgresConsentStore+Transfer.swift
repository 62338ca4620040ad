import AccordCore
import Foundation
import PostgresNIO

/// `StateTransfer`: the vault and the undelivered outbox, read in byte order (`COLLATE "C"`, so an export lists
/// them as SQLite's does) and written back as they were.
extension PostgresConsentStore {
    public func vaultEntries(after cursor: VaultCursor?, limit: Int) async throws -> [VaultEntry] {
        let property = cursor?.property.rawValue ?? ""
        let subject = ByteBuffer(bytes: cursor?.subject.bytes ?? [])
        return try await guarded {
            let rows = try await self.client.query(
                """
                SELECT property_id, subject_key, key_id, wrapped_key, identity, contact, created_at, updated_at FROM subject_vault
                WHERE (property_id COLLATE "C", subject_key) > (\(property) COLLATE "C", \(subject))
                ORDER BY property_id COLLATE "C", subject_key LIMIT \(limit)
                """,
                logger: self.logger)
            var entries: [VaultEntry] = []
            for try await row in rows {
                let (property, subject, keyID, wrapped, identity, contact, created, updated) = try row.decode(
                    (String, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer?, Int64, Int64).self)
                guard let key = SubjectKey(bytes: Array(subject.readableBytesView)) else {
                    throw StoreError.corrupt("subject_vault.subject_key is not 32 bytes")
                }
                entries.append(
                    VaultEntry(
                        property: PropertyID(rawValue: property), subject: key, keyID: Array(keyID.readableBytesView),
                        wrappedKey: Array(wrapped.readableBytesView), identity: Array(identity.readableBytesView),
                        contact: contact.map { Array($0.readableBytesView) }, createdAt: Date(millisecondsSince1970: created),
                        updatedAt: Date(millisecondsSince1970: updated)))
            }
            return entries
        }
    }

    public func undeliveredDeliveries(after cursor: OutboxCursor?, limit: Int) async throws -> [OutboxDelivery] {
        let sequence = cursor?.sequence ?? 0
        let destination = cursor?.destination ?? ""
        return try await guarded {
            let rows = try await self.client.query(
                """
                SELECT \(unescaped: PostgresOutbox.columns) FROM outbox_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq
                WHERE d.status <> 'delivered' AND (d.message_seq, d.destination COLLATE "C") > (\(sequence), \(destination) COLLATE "C")
                ORDER BY d.message_seq, d.destination COLLATE "C" LIMIT \(limit)
                """,
                logger: self.logger)
            var result: [OutboxDelivery] = []
            for try await row in rows { result.append(try PostgresOutbox.delivery(row.makeRandomAccess())) }
            return result
        }
    }

    /// The message keeps its `seq` (`OVERRIDING SYSTEM VALUE`), and the identity then continues after the
    /// largest, so messages written after the move sort after the moved ones.
    public func importUndeliveredDeliveries(_ deliveries: [OutboxDelivery]) async throws {
        guard !deliveries.isEmpty else { return }
        try await guarded {
            try await self.transaction { connection in
                for delivery in deliveries {
                    let message = delivery.message
                    try await connection.query(
                        """
                        INSERT INTO outbox_messages (seq, id, channel, type, property_id, subject_key, payload, created_at, subject_seq)
                        OVERRIDING SYSTEM VALUE
                        VALUES (\(message.sequence), \(message.id), \(message.channel.rawValue), \(message.type),
                            \(message.property.rawValue), \(ByteBuffer(bytes: message.subject?.bytes ?? [])),
                            \(ByteBuffer(bytes: message.payload)), \(message.createdAt.millisecondsSince1970), \(message.subjectSequence))
                        ON CONFLICT (seq) DO NOTHING
                        """,
                        logger: self.logger)
                    // The subject's counter continues after its moved messages.
                    try await connection.query(
                        """
                        INSERT INTO outbox_subject_sequences AS c (property_id, subject_key, last)
                        VALUES (\(message.property.rawValue), \(ByteBuffer(bytes: message.subject?.bytes ?? [])), \(message.subjectSequence))
                        ON CONFLICT (property_id, subject_key) DO UPDATE SET last = GREATEST(c.last, excluded.last)
                        """,
                        logger: self.logger)
                    try await connection.query(
                        """
                        INSERT INTO outbox_deliveries (message_seq, destination, channel, subject_key, status, attempts,
                            next_attempt_at, last_status, last_error, first_attempt_at)
                        VALUES (\(message.sequence), \(delivery.destination), \(message.channel.rawValue),
                            \(ByteBuffer(bytes: message.subject?.bytes ?? [])), \(delivery.status.rawValue), \(Int32(delivery.attempts)),
                            \(delivery.nextAttemptAt.millisecondsSince1970), \(delivery.lastStatusCode.map(Int32.init)),
                            \(delivery.lastError), \(delivery.firstAttemptAt?.millisecondsSince1970))
                        """,
                        logger: self.logger)
                }
                try await connection.query(
                    """
                    SELECT setval(pg_get_serial_sequence('outbox_messages', 'seq'), (SELECT max(seq) FROM outbox_messages))
                    """,
                    logger: self.logger)
            }
        }
    }
}
