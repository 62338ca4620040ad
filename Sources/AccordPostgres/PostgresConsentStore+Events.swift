import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// One transaction per batch. Two instances that race on one idempotency key from different chains
    /// meet at the unique index: the loser rolls back and runs the batch again, and then replays the winner.
    public func append(_ events: [ConsentEvent]) async throws -> [AppendResult] {
        try await append(AppendBatch(events: events))
    }

    /// `VaultedConsentLog`: one `append` per batch, its vault entries and follow-ups in its transaction.
    public func appendVaultedBatches(
        next: @escaping @Sendable () -> AppendBatch?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        while let batch = next() {
            do {
                deliver(.success(try await append(batch)))
            } catch {
                deliver(.failure(error))
            }
        }
    }

    private func append(_ batch: AppendBatch) async throws -> [AppendResult] {
        guard !batch.events.isEmpty else { return [] }
        return try await guarded {
            var attempt = 1
            while true {
                do {
                    return try await self.transaction { connection in
                        // First, so the tombstone lock is taken before any other (`screenErased`).
                        let screen = try await Self.screenErased(batch, on: connection, logger: self.logger)
                        try await Self.insertVaultEntries(screen.batch.vaultEntries, on: connection, logger: self.logger)
                        let kept = screen.batch.events
                        let results = screen.results(
                            kept.isEmpty ? [] : try await PostgresAppendBatch(events: kept, connection: connection, logger: self.logger).run())
                        let missed = try await Self.writeContacts(
                            batch.contactWrites(results: results), on: connection, logger: self.logger)
                        try await PostgresOutbox.insert(
                            batch.followUpEntries(results: results, missedContacts: missed), on: connection, logger: self.logger)
                        return results
                    }
                } catch  where attempt < 5 && Self.isWorthRetrying(error) {
                    attempt += 1
                }
            }
        }
    }

    private static func isWorthRetrying(_ error: any Error) -> Bool {
        if PostgresErrors.isRetryable(error) { return true }
        return PostgresErrors.sqlState(of: error) == "23505" && PostgresErrors.constraint(of: error) == "consent_events_idempotency"
    }

    public func states(of subjects: [SubjectKey], in property: PropertyID) async throws -> [SubjectKey: ConsentState] {
        guard !subjects.isEmpty else { return [:] }
        let keys = subjects.map { ByteBuffer(bytes: $0.bytes) }
        return try await guarded {
            let rows = try await self.client.query(
                """
                SELECT \(unescaped: StateRecord.selectList()) FROM consent_state
                WHERE property_id = \(property.rawValue) AND subject_key = ANY(\(keys)::bytea[])
                """,
                logger: self.logger)
            return try await rows.states()
        }
    }

    public func events(of subject: SubjectKey, in property: PropertyID, before cursor: Int64?, limit: Int) async throws
        -> [StoredEvent]
    {
        let key = ByteBuffer(bytes: subject.bytes)
        return try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: EventRecord.selectList()) FROM consent_events
                WHERE property_id = \(property.rawValue) AND subject_key = \(key) AND seq < \(cursor ?? Int64.max)
                ORDER BY seq DESC LIMIT \(limit)
                """,
                logger: self.logger
            ).events()
        }
    }
}
