import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func enqueue(_ entries: [OutboxEntry]) async throws {
        try await guarded { try await pool.write { db in try SQLiteOutbox.insert(entries, db: db) } }
    }

    /// One write transaction: SQLite serialises writers (across processes too), so two claimers never lease
    /// the same row. A webhook's claims, outcomes and attempts are written with `relaxedWrite` (no sync of their
    /// own): a lease or an outcome lost to a power cut only sends a message again, with the same id, which the
    /// receiver drops. E-mail's stay durable (a person cannot drop a second copy).
    public func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int) async throws
        -> [ClaimedDelivery]
    {
        if destinations?.isEmpty == true { return [] }
        return try await guarded {
            try await relaxedWrite(channel == .webhook) { db in
                try SQLiteOutbox.claim(channel: channel, destinations: destinations, now: now, lease: lease, limit: limit, db: db)
            }
        }
    }

    public func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) async throws -> Bool {
        try await guarded {
            try await relaxedWrite(claim.delivery.message.channel == .webhook) { db in
                try SQLiteOutbox.finish(claim, attempt: attempt, outcome: outcome, db: db)
            }
        }
    }

    /// One write transaction (not synced: `relaxedWrite`) for a whole batch of outcomes.
    public func finish(_ results: [DeliveryResult]) async throws -> [Bool] {
        guard !results.isEmpty else { return [] }
        return try await guarded {
            try await relaxedWrite(results.allSatisfy { $0.claim.delivery.message.channel == .webhook }) { db in
                try results.map { try SQLiteOutbox.finish($0.claim, attempt: $0.attempt, outcome: $0.outcome, db: db) }
            }
        }
    }

    /// The outcomes and the next claim in one write transaction (one turn of the writer, not synced).
    public func finishAndClaim(
        _ results: [DeliveryResult], channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int
    ) async throws -> (kept: [Bool], claims: [ClaimedDelivery]) {
        if destinations?.isEmpty == true { return (try await finish(results), []) }
        let relaxed = channel == .webhook && results.allSatisfy { $0.claim.delivery.message.channel == .webhook }
        return try await guarded {
            try await relaxedWrite(relaxed) { db in
                let kept = try results.map { try SQLiteOutbox.finish($0.claim, attempt: $0.attempt, outcome: $0.outcome, db: db) }
                let claims = try SQLiteOutbox.claim(
                    channel: channel, destinations: destinations, now: now, lease: lease, limit: limit, db: db)
                return (kept, claims)
            }
        }
    }

    public func requeue(destination: String, since: Date, now: Date) async throws -> Int {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE outbox_deliveries SET status = 'pending', attempts = 0, first_attempt_at = NULL, next_attempt_at = ?
                        WHERE destination = ? AND message_seq IN (SELECT seq FROM outbox_messages WHERE created_at >= ?)
                        """,
                    arguments: [now.millisecondsSince1970, destination, since.millisecondsSince1970])
                return db.changesCount
            }
        }
    }

    public func discard(destination: String) async throws -> Int {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM outbox_deliveries WHERE destination = ? AND status = 'pending'", arguments: [destination])
                return db.changesCount
            }
        }
    }

    public func deliveries(to destination: String, after sequence: Int64?, limit: Int) async throws -> [OutboxDelivery] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(SQLiteOutbox.columns) FROM outbox_deliveries d JOIN outbox_messages m ON m.seq = d.message_seq
                        WHERE d.destination = ? AND d.message_seq > ? ORDER BY d.message_seq LIMIT ?
                        """,
                    arguments: [destination, sequence ?? 0, limit]
                ).map(SQLiteOutbox.delivery(row:))
            }
        }
    }

    public func attempts(to destination: String, before sequence: Int64?, limit: Int) async throws -> [DeliveryAttempt] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.*, m.id AS message_id, m.type AS type FROM outbox_attempts a
                        JOIN outbox_messages m ON m.seq = a.message_seq
                        WHERE a.destination = ? AND a.seq < ? ORDER BY a.seq DESC LIMIT ?
                        """,
                    arguments: [destination, sequence ?? .max, limit]
                ).map(SQLiteOutbox.attempt(row:))
            }
        }
    }
}

/// The outbox's statements, shared by the role's methods and the writes that add messages in their own
/// transaction (consent appends, policy publishes).
enum SQLiteOutbox {
    static let columns = """
        d.message_seq, d.destination, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error,
        d.first_attempt_at, d.lease_token, d.lease_until, m.id, m.channel, m.type, m.property_id, m.subject_key, m.payload, m.created_at,
        m.subject_seq
        """

    /// Inserts each message with a destination, and its pending deliveries, in the caller's transaction. Every
    /// statement touches a page that grows at its end, but the subject's counter (`Counter`: in the subject's
    /// vault row, which a consent write dirties anyway, or keyed by the pseudonym), which also links the message to
    /// the subject's previous one (`previous_seq`, for the claim's order check).
    static func insert(_ entries: [OutboxEntry], db: Database) throws {
        for entry in entries where !entry.destinations.isEmpty {
            let message = entry.message
            let subjectKey = Data(message.subject?.bytes ?? [])
            // The subject's counter: its last sequence number and the `seq` of its last message, both advanced here.
            let counter = try Counter.read(property: message.property.rawValue, subject: subjectKey, db: db)
            let subjectSequence = SubjectSequence.next(after: counter.last, at: message.createdAt)
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_messages (id, channel, type, property_id, subject_key, payload, created_at, subject_seq, previous_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                message.id, message.channel.rawValue, message.type, message.property.rawValue,
                subjectKey, Data(message.payload), message.createdAt.millisecondsSince1970, subjectSequence, counter.lastSeq,
            ])
            let sequence = db.lastInsertedRowID
            try Counter.write(
                property: message.property.rawValue, subject: subjectKey, last: subjectSequence, lastSeq: sequence,
                vaulted: counter.vaulted, db: db)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_deliveries (message_seq, destination, channel, subject_key, status, attempts, next_attempt_at)
                    VALUES (?, ?, ?, ?, 'pending', 0, ?)
                    """)
            for destination in entry.destinations {
                try insert.execute(arguments: [
                    sequence, destination, message.channel.rawValue, subjectKey, message.createdAt.millisecondsSince1970,
                ])
            }
        }
    }

    /// Pending deliveries of one destination a claim looks at first, oldest first (`window`).
    static let window = 4

    static func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int, db: Database) throws
        -> [ClaimedDelivery]
    {
        let nowMS = now.millisecondsSince1970
        let condition = """
            d.channel = ? AND d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
            """
        var order = LineOrder(db: db)
        var found: [Row] = []
        if let destinations, destinations.count == 1 {
            // A webhook worker's claim, with a backlog: the oldest `window * limit` pending deliveries of its
            // endpoint (`outbox_deliveries_pending`, walked in message order, stopping at `limit` found) usually
            // hold the `limit` first claimable ones. Through `outbox_deliveries_due` every due delivery is read
            // and sorted: 8 ms for a backlog of 4,000, holding the one writer the consent writes wait for; 0.06 ms
            // this way. Fewer than `limit` found there (a short line, or deliveries backing off or waiting behind
            // their subject's earlier ones): the full walk below, whose answer this would be anyway (any claimable
            // delivery past the window comes after every one in it).
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT \(columns), m.previous_seq FROM outbox_deliveries d INDEXED BY outbox_deliveries_pending
                        JOIN outbox_messages m ON m.seq = d.message_seq
                        WHERE d.destination = ? AND d.message_seq <= COALESCE((
                                SELECT message_seq FROM outbox_deliveries INDEXED BY outbox_deliveries_pending
                                WHERE destination = ? AND status = 'pending' ORDER BY message_seq LIMIT 1 OFFSET ?),
                                9223372036854775807)
                            AND \(condition)
                        ORDER BY d.message_seq
                        """),
                arguments: [destinations[0], destinations[0], limit * window - 1, channel.rawValue, nowMS, nowMS])
            while found.count < limit, let row = try rows.next() {
                if try !order.blocked(row) { found.append(row.copy()) }
            }
        }
        if found.count < limit {
            found = []
            let filter = destinations == nil ? "" : "AND d.destination IN (SELECT value FROM json_each(?))"
            var arguments: StatementArguments = [channel.rawValue, nowMS, nowMS]
            if let destinations {
                arguments += [String(decoding: try JSONEncoder().encode(destinations), as: UTF8.self)]
            }
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT \(columns), m.previous_seq FROM outbox_deliveries d INDEXED BY outbox_deliveries_due
                        JOIN outbox_messages m ON m.seq = d.message_seq
                        WHERE \(condition) \(filter)
                        ORDER BY d.message_seq
                        """),
                arguments: arguments)
            while found.count < limit, let row = try rows.next() {
                if try !order.blocked(row) { found.append(row.copy()) }
            }
        }
        let update = try db.cachedStatement(
            sql: "UPDATE outbox_deliveries SET lease_token = ?, lease_until = ? WHERE message_seq = ? AND destination = ?")
        return try found.map { row in
            let delivery = try delivery(row: row)
            let granted = OutboxLease(token: UUID().uuidString, until: now.addingTimeInterval(lease.timeInterval))
            try update.execute(arguments: [
                granted.token, granted.until.millisecondsSince1970, delivery.message.sequence, delivery.destination,
            ])
            return ClaimedDelivery(delivery: delivery, lease: granted)
        }
    }

    /// The per-(destination, subject) order: a delivery waits while an earlier message about its subject has a
    /// pending delivery to the same destination. Found by following the messages' `previous_seq` links back, no
    /// further than the destination's oldest pending delivery (nothing before it is pending); usually no step at
    /// all (a subject's first message) or one.
    struct LineOrder {
        let db: Database
        /// Each destination's oldest pending message, read once per claim.
        private var oldest: [String: Int64] = [:]

        init(db: Database) { self.db = db }

        mutating func blocked(_ row: Row) throws -> Bool {
            let destination: String = try cell(row, "outbox_deliveries", "destination")
            let linked: Int64? = try cell(row, "outbox_messages", "previous_seq")
            guard var previous = linked else { return false }
            let floor: Int64
            if let known = oldest[destination] {
                floor = known
            } else {
                floor =
                    try Int64.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT message_seq FROM outbox_deliveries INDEXED BY outbox_deliveries_pending
                                WHERE destination = ? AND status = 'pending' ORDER BY message_seq LIMIT 1
                                """),
                        arguments: [destination]) ?? .max
                oldest[destination] = floor
            }
            let status = try db.cachedStatement(
                sql: "SELECT status FROM outbox_deliveries WHERE message_seq = ? AND destination = ?")
            let link = try db.cachedStatement(sql: "SELECT previous_seq FROM outbox_messages WHERE seq = ?")
            while previous >= floor {
                if try String.fetchOne(status, arguments: [previous, destination]) == "pending" { return true }
                guard let next = try Int64?.fetchOne(link, arguments: [previous]) ?? nil else { return false }
                previous = next
            }
            return false
        }
    }

    static func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome, db: Database) throws -> Bool {
        let delivery = claim.delivery
        let (status, next): (DeliveryStatus, Date?) =
            switch outcome {
            case .delivered: (.delivered, nil)
            case .dead: (.dead, nil)
            case .retry(let at): (.pending, at)
            }
        try db.cachedStatement(
            sql: """
                UPDATE outbox_deliveries SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at),
                    attempts = attempts + ?, last_status = CASE WHEN ? THEN ? ELSE last_status END,
                    last_error = CASE WHEN ? THEN ? ELSE last_error END,
                    first_attempt_at = CASE WHEN ? THEN COALESCE(first_attempt_at, ?) ELSE first_attempt_at END,
                    lease_token = NULL, lease_until = NULL
                WHERE message_seq = ? AND destination = ? AND lease_token = ? AND status = 'pending'
                """
        ).execute(
            arguments: [
                status.rawValue, next?.millisecondsSince1970, attempt == nil ? 0 : 1, attempt != nil, attempt?.statusCode,
                attempt != nil, attempt?.error, attempt != nil, attempt?.at.millisecondsSince1970, delivery.message.sequence, delivery.destination,
                claim.lease.token,
            ])
        guard db.changesCount == 1 else { return false }
        if let attempt {
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_attempts (message_seq, destination, number, at, status_code, error, latency_ms, next_attempt_at)
                    SELECT message_seq, destination, attempts, ?, ?, ?, ?, ? FROM outbox_deliveries
                    WHERE message_seq = ? AND destination = ?
                    """
            ).execute(
                arguments: [
                    attempt.at.millisecondsSince1970, attempt.statusCode, attempt.error, attempt.latencyMilliseconds,
                    next?.millisecondsSince1970, delivery.message.sequence, delivery.destination,
                ])
        }
        return true
    }

    static func delivery(row: Row) throws -> OutboxDelivery {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "outbox_deliveries", name) }
        let subjectBytes: Data = try column("subject_key")
        let subject = subjectBytes.isEmpty ? nil : SubjectKey(bytes: [UInt8](subjectBytes))
        guard subjectBytes.isEmpty || subject != nil, let channel = OutboxChannel(rawValue: try column("channel")),
            let status = DeliveryStatus(rawValue: try column("status"))
        else { throw StoreError.corrupt("outbox_deliveries holds an invalid subject, channel or status") }
        let payload: Data = try column("payload")
        let message = OutboxMessage(
            id: try column("id"), channel: channel, type: try column("type"), property: PropertyID(rawValue: try column("property_id")),
            subject: subject, payload: [UInt8](payload), createdAt: Date(millisecondsSince1970: try column("created_at")),
            sequence: try column("message_seq"), subjectSequence: try column("subject_seq"))
        let first: Int64? = try column("first_attempt_at")
        return OutboxDelivery(
            message: message, destination: try column("destination"), status: status, attempts: try column("attempts"),
            nextAttemptAt: Date(millisecondsSince1970: try column("next_attempt_at")), lastStatusCode: try column("last_status"),
            lastError: try column("last_error"), firstAttemptAt: first.map(Date.init(millisecondsSince1970:)))
    }

    static func attempt(row: Row) throws -> DeliveryAttempt {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "outbox_attempts", name) }
        let next: Int64? = try column("next_attempt_at")
        return DeliveryAttempt(
            sequence: try column("seq"), messageID: try column("message_id"), type: try column("type"),
            destination: try column("destination"), number: try column("number"),
            report: AttemptReport(
                at: Date(millisecondsSince1970: try column("at")), statusCode: try column("status_code"), error: try column("error"),
                latencyMilliseconds: try column("latency_ms")),
            nextAttemptAt: next.map(Date.init(millisecondsSince1970:)))
    }
}
