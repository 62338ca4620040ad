import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func append(_ events: [ConsentEvent]) async throws -> [AppendResult] {
        try await guarded { try await pool.write { db in try Self.appendAll(events, db: db) } }
    }

    /// Commits batch after batch on the writer queue itself, answering each batch as soon as it is durable:
    /// no hop through the concurrency pool between two commits, so the writer never waits for a free thread.
    public func appendBatches(
        next: @escaping @Sendable () -> [ConsentEvent]?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        try await guarded {
            try await pool.writeWithoutTransaction { db in
                while let events = next() {
                    do {
                        var results: [AppendResult] = []
                        try db.inTransaction {
                            results = try Self.appendAll(events, db: db)
                            return .commit
                        }
                        deliver(.success(results))
                    } catch {
                        deliver(.failure(SQLiteErrors.translate(error)))
                    }
                }
            }
        }
    }

    private static func appendAll(_ events: [ConsentEvent], db: Database) throws -> [AppendResult] {
        var heads: [String: ChainHead] = [:]
        let results = try events.map { event in try Self.append(event, heads: &heads, db: db) }
        let saveHead = try db.cachedStatement(
            sql: """
                INSERT INTO chain_heads (chain_id, position, hash) VALUES (?, ?, ?)
                ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
                """)
        for head in heads.values {
            try saveHead.execute(arguments: [head.chain, head.position, head.hash])
        }
        return results
    }

    private static func append(_ event: ConsentEvent, heads: inout [String: ChainHead], db: Database) throws
        -> AppendResult
    {
        if let key = event.idempotencyKey,
            let earlier = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM consent_events WHERE property_id = ? AND idempotency_key = ?"),
                arguments: [event.property.rawValue, key])
        {
            let stored = try StoredEvent(row: earlier)
            guard stored.event.isSameRequest(as: event) else {
                return .idempotencyConflict(existing: stored.event.id)
            }
            return .replayed(stored, state: try stateAsOf(stored, db: db))
        }
        let chain = AuditChain.chain(for: event.property, subject: event.subject)
        let head = try heads[chain] ?? loadHead(chain, db: db)
        let link = AuditChain.link(event, after: head)
        heads[chain] = ChainHead(chain: chain, position: link.position, hash: link.hash)
        try insert(event, link: link, db: db)
        let sequence = db.lastInsertedRowID
        try foldIntoState(event, db: db)
        let stored = StoredEvent(event: event, sequence: sequence, link: link)
        return .recorded(stored, state: try states(of: [event.subject], in: event.property, db: db)[event.subject] ?? ConsentState())
    }

    /// Writes the event's choices into the current-state view.
    static func foldIntoState(_ event: ConsentEvent, db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO consent_state
                    (property_id, subject_key, purpose_key, choice, since, expires_at, policy_version, event_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (property_id, subject_key, purpose_key) DO UPDATE SET
                    choice = excluded.choice, since = excluded.since, expires_at = excluded.expires_at,
                    policy_version = excluded.policy_version, event_id = excluded.event_id
                """)
        for (purpose, state) in ConsentState.changes(of: event) {
            try upsert.execute(arguments: [
                event.property.rawValue, Data(event.subject.bytes), purpose.rawValue, state.choice.rawValue,
                state.since.millisecondsSince1970, state.expiresAt?.millisecondsSince1970, state.policyVersion,
                state.eventID.rawValue,
            ])
        }
    }

    private static func loadHead(_ chain: String, db: Database) throws -> ChainHead {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT position, hash FROM chain_heads WHERE chain_id = ?"), arguments: [chain])
        else { return .genesis(of: chain) }
        return ChainHead(chain: chain, position: row["position"], hash: row["hash"])
    }

    static func insert(_ event: ConsentEvent, link: ChainLink, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO consent_events (
                    id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version,
                    policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at,
                    idempotency_key, authenticated_by, chain_id, chain_position, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let values: [(any DatabaseValueConvertible)?] = [
            event.id.rawValue, event.property.rawValue, Data(event.subject.bytes),
            ConsentEventEncoding.choicesText(event.choices), ConsentEventEncoding.expiriesText(event.expiresAt),
            event.regime.rawValue, event.region, event.locale, event.policyVersion, event.policyHash,
            event.source.rawValue, event.gpc, event.tcString, event.gppString, event.ipPrefix, event.userAgent,
            event.clientTime?.millisecondsSince1970, event.recordedAt.millisecondsSince1970, event.idempotencyKey,
            event.authentication?.text, link.chain, link.position, link.previousHash, link.hash,
        ]
        try statement.execute(arguments: StatementArguments(values))
    }

    /// The state a subject had right after `stored`: the answer an idempotent replay repeats.
    private static func stateAsOf(_ stored: StoredEvent, db: Database) throws -> ConsentState {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT * FROM consent_events WHERE property_id = ? AND subject_key = ? AND seq <= ? ORDER BY seq",
            arguments: [stored.event.property.rawValue, Data(stored.event.subject.bytes), stored.sequence])
        return ConsentState(folding: try rows.map { try StoredEvent(row: $0).event })
    }

    static func states(of subjects: [SubjectKey], in property: PropertyID, db: Database) throws
        -> [SubjectKey: ConsentState]
    {
        guard !subjects.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: subjects.count).joined(separator: ",")
        var arguments: [(any DatabaseValueConvertible)?] = [property.rawValue]
        arguments.append(contentsOf: subjects.map { Data($0.bytes) })
        let statement = try db.cachedStatement(
            sql: "SELECT * FROM consent_state WHERE property_id = ? AND subject_key IN (\(placeholders))")
        var result: [SubjectKey: ConsentState] = [:]
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            let stateRow = try StateRow(row: row)
            result[stateRow.subject, default: ConsentState()].purposes[stateRow.purpose] = stateRow.state
        }
        return result
    }

    public func states(of subjects: [SubjectKey], in property: PropertyID) async throws -> [SubjectKey: ConsentState] {
        try await guarded { try pool.unsafeRead { db in try Self.states(of: subjects, in: property, db: db) } }
    }

    public func events(of subject: SubjectKey, in property: PropertyID, before cursor: Int64?, limit: Int) async throws
        -> [StoredEvent]
    {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM consent_events WHERE property_id = ? AND subject_key = ? AND seq < ?
                        ORDER BY seq DESC LIMIT ?
                        """,
                    arguments: [property.rawValue, Data(subject.bytes), cursor ?? Int64.max, limit]
                ).map(StoredEvent.init(row:))
            }
        }
    }
}
