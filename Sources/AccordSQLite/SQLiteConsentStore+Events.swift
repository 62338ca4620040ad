import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func append(_ events: [ConsentEvent]) async throws -> [AppendResult] {
        try await guarded { try await pool.write { db in try Self.appendScreened(AppendBatch(events: events), db: db) } }
    }

    /// `appendVaultedBatches` for batches without vault entries.
    public func appendBatches(
        next: @escaping @Sendable () -> [ConsentEvent]?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        try await appendVaultedBatches(next: { next().map { AppendBatch(events: $0) } }, deliver: deliver)
    }

    /// Commits batch after batch on the writer queue itself, answering each batch as soon as it is durable:
    /// no hop through the concurrency pool between two commits, so the writer never waits for a free thread.
    /// A batch's vault entries and its recorded events' follow-ups are written in its transaction (`VaultedConsentLog`).
    public func appendVaultedBatches(
        next: @escaping @Sendable () -> AppendBatch?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        try await guarded {
            try await pool.writeWithoutTransaction { db in
                while let batch = next() {
                    do {
                        var results: [AppendResult] = []
                        try db.inTransaction {
                            results = try Self.appendScreened(batch, db: db)
                            let missed = try Self.writeContacts(batch.contactWrites(results: results), db: db)
                            try SQLiteOutbox.insert(batch.followUpEntries(results: results, missedContacts: missed), db: db)
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

    /// Loads what the planner asks for, then writes its plan. Every statement here is cached: this runs for
    /// every batch group commit makes.
    static func appendAll(_ events: [ConsentEvent], db: Database) throws -> [AppendResult] {
        let lookups = AppendPlanner.lookups(for: events)
        let plan = AppendPlanner.plan(
            events: events,
            heads: try lookups.chains.compactMap { try head(of: $0, db: db) },
            earlier: try lookups.idempotencyKeys.compactMap { try earlierEvent(holding: $0, db: db) },
            states: try lookups.subjects.flatMap { try stateRows(of: $0, db: db) })
        let sequences = try write(plan, db: db)
        try SQLiteOutbox.insert(plan.outboxEntries(endpoints: try SQLiteWebhooks.queueing(plan.noticedProperties, db: db)), db: db)
        return try plan.results(sequences: sequences)
    }

    /// Inserts the plan's events in order, writes its state rows and moves its heads; returns the sequence number
    /// of each insert.
    static func write(_ plan: AppendPlan, db: Database) throws -> [Int64] {
        var sequences: [Int64] = []
        sequences.reserveCapacity(plan.inserts.count)
        var choices = SQLiteChoiceTexts.Cells()
        for insert in plan.inserts {
            try SQLiteInserts.runEvent(insert.record, choices: &choices, db: db)
            sequences.append(db.lastInsertedRowID)
        }
        for row in plan.states { try SQLiteInserts.runState(StateRecord(row), db: db) }
        let saveHead = try db.cachedStatement(
            sql: """
                INSERT INTO chain_heads (chain_id, position, hash) VALUES (?, ?, ?)
                ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
                """)
        for head in plan.heads { try saveHead.execute(arguments: [head.chain, head.position, head.hash]) }
        for link in plan.links { try SQLiteInserts.run(SQLiteInserts.link, LinkRecord(link), db: db) }
        try addTallies(plan.tallies, db: db)
        return sequences
    }

    private static func head(of chain: String, db: Database) throws -> ChainHead? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM chain_heads WHERE chain_id = ?"), arguments: [chain])
            .map(ChainHead.init(row:))
    }

    /// The stored event holding `key`, with its subject's history up to it (what a replay answers with).
    private static func earlierEvent(holding key: IdempotencyRef, db: Database) throws -> EarlierEvent? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "\(try SQLiteChoiceTexts.selectEvents(db)) WHERE e.property_id = ? AND e.idempotency_key = ?"),
                arguments: [key.property.rawValue, SQLiteCompactKeys.storedKey(key.key)])
        else { return nil }
        let stored = try StoredEvent(row: row)
        let history = try Row.fetchAll(
            db.cachedStatement(
                sql: "\(try SQLiteChoiceTexts.selectEvents(db)) WHERE e.property_id = ? AND e.subject_key = ? AND e.seq <= ? ORDER BY e.seq"),
            arguments: [key.property.rawValue, Data(stored.event.subject.bytes), stored.sequence])
        return EarlierEvent(stored: stored, history: try history.map { try StoredEvent(row: $0).event })
    }

    static func stateRows(of subject: SubjectRef, db: Database) throws -> [StateRow] {
        try SQLiteStateRows.rows(of: subject, db: db)
    }

    public func states(of subjects: [SubjectKey], in property: PropertyID) async throws -> [SubjectKey: ConsentState] {
        try await guarded { try pool.unsafeRead { db in try SQLiteStateRows.states(of: subjects, in: property, db: db) } }
    }

    public func events(of subject: SubjectKey, in property: PropertyID, before cursor: Int64?, limit: Int) async throws
        -> [StoredEvent]
    {
        try await guarded {
            try pool.unsafeRead { db in
                // Cached: each consent webhook sent reads its subject's history through this (`ConsentMessageRenderer`).
                try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            \(try SQLiteChoiceTexts.selectEvents(db)) WHERE e.property_id = ? AND e.subject_key = ? AND e.seq < ?
                            ORDER BY e.seq DESC LIMIT ?
                            """),
                    arguments: [property.rawValue, Data(subject.bytes), cursor ?? Int64.max, limit]
                ).map(StoredEvent.init(row:))
            }
        }
    }
}
