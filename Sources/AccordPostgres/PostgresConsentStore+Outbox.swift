import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func enqueue(_ entries: [OutboxEntry]) async throws {
        try await guarded {
            try await self.transaction { connection in try await PostgresOutbox.insert(entries, on: connection, logger: self.logger) }
        }
    }

    /// One statement: the due rows are locked with `FOR UPDATE SKIP LOCKED` and leased in the same update, so
    /// instances claiming at once take disjoint rows and never wait on each other; a row another instance
    /// leased meanwhile fails the re-checked lease condition. A webhook's claims, outcomes and attempts commit
    /// without waiting for the WAL flush (`relaxedTransaction`).
    public func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int) async throws
        -> [ClaimedDelivery]
    {
        if destinations?.isEmpty == true { return [] }
        let nowMS = now.millisecondsSince1970
        let until = now.addingTimeInterval(lease.timeInterval).millisecondsSince1970
        let token = UUID().uuidString
        let all = destinations == nil
        let names = destinations ?? []
        return try await guarded {
            try await self.relaxedTransaction(channel == .webhook) { connection in
                let rows = try await connection.query(
                    """
                    WITH due AS (
                        SELECT d.message_seq, d.destination FROM outbox_deliveries d
                        WHERE d.channel = \(channel.rawValue) AND d.status = 'pending' AND d.next_attempt_at <= \(nowMS)
                            AND (d.lease_until IS NULL OR d.lease_until <= \(nowMS))
                            AND (\(all) OR d.destination = ANY(\(names)::text[]))
                            AND NOT EXISTS (
                                SELECT 1 FROM outbox_deliveries e
                                WHERE e.destination = d.destination AND e.subject_key = d.subject_key AND e.status = 'pending'
                                    AND e.message_seq < d.message_seq)
                        ORDER BY d.message_seq LIMIT \(limit)
                        FOR UPDATE OF d SKIP LOCKED
                    ), leased AS (
                        UPDATE outbox_deliveries d SET lease_token = \(token) || '/' || d.message_seq || '/' || d.destination,
                            lease_until = \(until)
                        FROM due WHERE d.message_seq = due.message_seq AND d.destination = due.destination
                        RETURNING d.*
                    )
                    SELECT \(unescaped: PostgresOutbox.columns), d.lease_token FROM leased d JOIN outbox_messages m ON m.seq = d.message_seq
                    ORDER BY d.message_seq, d.destination
                    """,
                    logger: self.logger)
                var claimed: [ClaimedDelivery] = []
                for try await row in rows {
                    let random = row.makeRandomAccess()
                    claimed.append(
                        ClaimedDelivery(
                            delivery: try PostgresOutbox.delivery(random),
                            lease: OutboxLease(
                                token: try random["lease_token"].decode(String.self),
                                until: Date(millisecondsSince1970: until))))
                }
                return claimed
            }
        }
    }

    public func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) async throws -> Bool {
        try await guarded {
            try await self.relaxedTransaction(claim.delivery.message.channel == .webhook) { connection in
                try await PostgresOutbox.finish(claim, attempt: attempt, outcome: outcome, on: connection, logger: self.logger)
            }
        }
    }

    public func finish(_ results: [DeliveryResult]) async throws -> [Bool] {
        guard !results.isEmpty else { return [] }
        let relaxed = results.allSatisfy { $0.claim.delivery.message.channel == .webhook }
        return try await guarded {
            try await self.relaxedTransaction(relaxed) { connection in
                var kept: [Bool] = []
                for result in results {
                    kept.append(
                        try await PostgresOutbox.finish(
                            result.claim, attempt: result.attempt, outcome: result.outcome, on: connection, logger: self.logger))
                }
                return kept
            }
        }
    }

    /// A transaction that, when `relaxed`, commits without waiting for its WAL to reach the disk
    /// (`synchronous_commit = off` for it alone): for webhook bookkeeping, where a lease or an outcome lost to a
    /// crash of the database server only sends a message again, with the same id, which the receiver drops. The
    /// consent events and their outbox rows are never written this way. PostgreSQL keeps the order: a later
    /// durable commit flushes the WAL up to and past it.
    func relaxedTransaction<T: Sendable>(_ relaxed: Bool, _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction { connection in
            if relaxed { try await connection.query("SET LOCAL synchronous_commit = off", logger: self.logger) }
            return try await body(connection)
        }
    }

    public func requeue(destination: String, since: Date, now: Date) async throws -> Int {
        try await guarded {
            let rows = try await self.client.query(
                """
                UPDATE outbox_deliveries SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = \(now.millisecondsSince1970)
                WHERE destination = \(destination)
                    AND message_seq IN (SELECT seq FROM outbox_messages WHERE created_at >= \(since.millisecondsSince1970))
                RETURNING 1
                """,
                logger: self.logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }

    public func discard(destination: String) async throws -> Int {
        try await guarded {
            let rows = try await self.client.query(
                "DELETE FROM outbox_deliveries WHERE destination = \(destination) AND status = 'pending' RETURNING 1",
                logger: self.logger)
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }

    public func deliveries(to destination: String, after sequence: Int64?, limit: Int) async throws -> [OutboxDelivery] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT \(unescaped: PostgresOutbox.columns) FROM outbox_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq
                WHERE d.destination = \(destination) AND d.message_seq > \(sequence ?? 0)
                ORDER BY d.message_seq LIMIT \(limit)
                """,
                logger: self.logger)
            var result: [OutboxDelivery] = []
            for try await row in rows { result.append(try PostgresOutbox.delivery(row.makeRandomAccess())) }
            return result
        }
    }

    public func attempts(to destination: String, before sequence: Int64?, limit: Int) async throws -> [DeliveryAttempt] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT a.seq, a.destination, a.number, a.at, a.status_code, a.error, a.latency_ms, a.next_attempt_at,
                    m.id AS message_id, m.type AS type
                FROM outbox_attempts a JOIN outbox_messages m ON m.seq = a.message_seq
                WHERE a.destination = \(destination) AND a.seq < \(sequence ?? .max)
                ORDER BY a.seq DESC LIMIT \(limit)
                """,
                logger: self.logger)
            var result: [DeliveryAttempt] = []
            for try await row in rows { result.append(try PostgresOutbox.attempt(row.makeRandomAccess())) }
            return result
        }
    }
}

/// The outbox's statements, shared by the role's methods and the writes that add messages in their own
/// transaction (consent appends, policy publishes).
enum PostgresOutbox {
    static let columns = """
        d.message_seq, d.destination, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error,
        d.first_attempt_at, m.id, m.channel, m.type, m.property_id, m.subject_key, m.payload, m.created_at, m.subject_seq
        """

    /// Inserts the messages that have destinations, and their pending deliveries, in the caller's transaction.
    static func insert(_ entries: [OutboxEntry], on connection: PostgresConnection, logger: Logger) async throws {
        for entry in entries where !entry.destinations.isEmpty {
            let message = entry.message
            let created = message.createdAt.millisecondsSince1970
            let subject = ByteBuffer(bytes: message.subject?.bytes ?? [])
            // The counter row is locked until commit: one subject's messages are numbered in commit order, also
            // by several instances (`SubjectSequence`).
            try await connection.query(
                """
                WITH counter AS (
                    INSERT INTO outbox_subject_sequences AS c (property_id, subject_key, last)
                    VALUES (\(message.property.rawValue), \(subject), \(SubjectSequence.floor(at: message.createdAt)))
                    ON CONFLICT (property_id, subject_key) DO UPDATE SET last = GREATEST(c.last + 1, excluded.last)
                    RETURNING last
                ), message AS (
                    INSERT INTO outbox_messages (id, channel, type, property_id, subject_key, payload, created_at, subject_seq)
                    SELECT \(message.id), \(message.channel.rawValue), \(message.type), \(message.property.rawValue),
                        \(subject), \(ByteBuffer(bytes: message.payload)), \(created), counter.last
                    FROM counter
                    RETURNING seq, channel, subject_key
                )
                INSERT INTO outbox_deliveries (message_seq, destination, channel, subject_key, status, attempts, next_attempt_at)
                SELECT message.seq, destination, message.channel, message.subject_key, 'pending', 0, \(created)
                FROM message, unnest(\(entry.destinations)::text[]) AS destination
                """,
                logger: logger)
        }
    }

    static func finish(
        _ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let delivery = claim.delivery
        let (status, next): (DeliveryStatus, Int64?) =
            switch outcome {
            case .delivered: (.delivered, nil)
            case .dead: (.dead, nil)
            case .retry(let at): (.pending, at.millisecondsSince1970)
            }
        let attempted = attempt != nil
        let rows = try await connection.query(
            """
            UPDATE outbox_deliveries SET status = \(status.rawValue), next_attempt_at = COALESCE(\(next), next_attempt_at),
                attempts = attempts + \(attempted ? 1 : 0),
                last_status = CASE WHEN \(attempted) THEN \(attempt?.statusCode) ELSE last_status END,
                last_error = CASE WHEN \(attempted) THEN \(attempt?.error) ELSE last_error END,
                first_attempt_at = CASE WHEN \(attempted) THEN COALESCE(first_attempt_at, \(attempt?.at.millisecondsSince1970))
                    ELSE first_attempt_at END,
                lease_token = NULL, lease_until = NULL
            WHERE message_seq = \(delivery.message.sequence) AND destination = \(delivery.destination)
                AND lease_token = \(claim.lease.token) AND status = 'pending'
            RETURNING attempts
            """,
            logger: logger)
        var number: Int32?
        for try await value in rows.decode(Int32.self) { number = value }
        guard let number else { return false }
        if let attempt {
            try await connection.query(
                """
                INSERT INTO outbox_attempts (message_seq, destination, number, at, status_code, error, latency_ms, next_attempt_at)
                VALUES (\(delivery.message.sequence), \(delivery.destination), \(number), \(attempt.at.millisecondsSince1970),
                    \(attempt.statusCode), \(attempt.error), \(attempt.latencyMilliseconds), \(next))
                """,
                logger: logger)
        }
        return true
    }

    static func delivery(_ row: PostgresRandomAccessRow) throws -> OutboxDelivery {
        let subjectBytes = try row["subject_key"].decode(ByteBuffer.self)
        let subject = subjectBytes.readableBytes == 0 ? nil : SubjectKey(bytes: Array(buffer: subjectBytes))
        guard subjectBytes.readableBytes == 0 || subject != nil,
            let channel = OutboxChannel(rawValue: try row["channel"].decode(String.self)),
            let status = DeliveryStatus(rawValue: try row["status"].decode(String.self))
        else { throw StoreError.corrupt("outbox_deliveries holds an invalid subject, channel or status") }
        let message = OutboxMessage(
            id: try row["id"].decode(String.self), channel: channel, type: try row["type"].decode(String.self),
            property: PropertyID(rawValue: try row["property_id"].decode(String.self)), subject: subject,
            payload: Array(buffer: try row["payload"].decode(ByteBuffer.self)),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            sequence: try row["message_seq"].decode(Int64.self), subjectSequence: try row["subject_seq"].decode(Int64.self))
        return OutboxDelivery(
            message: message, destination: try row["destination"].decode(String.self), status: status,
            attempts: Int(try row["attempts"].decode(Int32.self)),
            nextAttemptAt: Date(millisecondsSince1970: try row["next_attempt_at"].decode(Int64.self)),
            lastStatusCode: try row["last_status"].decode(Int32?.self).map(Int.init),
            lastError: try row["last_error"].decode(String?.self),
            firstAttemptAt: try row["first_attempt_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }

    static func attempt(_ row: PostgresRandomAccessRow) throws -> DeliveryAttempt {
        DeliveryAttempt(
            sequence: try row["seq"].decode(Int64.self), messageID: try row["message_id"].decode(String.self),
            type: try row["type"].decode(String.self), destination: try row["destination"].decode(String.self),
            number: Int(try row["number"].decode(Int32.self)),
            report: AttemptReport(
                at: Date(millisecondsSince1970: try row["at"].decode(Int64.self)),
                statusCode: try row["status_code"].decode(Int32?.self).map(Int.init), error: try row["error"].decode(String?.self),
                latencyMilliseconds: try row["latency_ms"].decode(Int64.self)),
            nextAttemptAt: try row["next_attempt_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
