import AccordCore
import Foundation
import PostgresNIO

/// One `append` call inside its transaction: lock the chain heads the batch touches, load what the planner asks
/// for, and write its plan.
///
/// Instances appending to different chains never wait on each other; to the same chain they queue on the
/// head row. A subject's events all live in one chain, so its state rows are only written under that lock.
struct PostgresAppendBatch {
    let events: [ConsentEvent]
    let connection: PostgresConnection
    let logger: Logger

    func run() async throws -> [AppendResult] {
        let lookups = AppendPlanner.lookups(for: events)
        let plan = AppendPlanner.plan(
            events: events,
            heads: try await lockHeads(lookups.chains),
            earlier: try await earlierEvents(holding: lookups.idempotencyKeys),
            states: try await stateRows(of: lookups.subjects))
        let sequences = try await PostgresRecordSets.write(plan, on: connection, logger: logger)
        let endpoints = try await PostgresWebhooks.queueing(plan.noticedProperties, on: connection, logger: logger)
        try await PostgresOutbox.insert(plan.outboxEntries(endpoints: endpoints), on: connection, logger: logger)
        return try plan.results(sequences: sequences)
    }

    /// Creates missing heads (at the genesis) and locks every head this batch touches, in chain order so
    /// two batches never wait on each other in a cycle.
    private func lockHeads(_ chains: [String]) async throws -> [ChainHead] {
        let genesis = chains.map(AuditChain.genesisHash(of:))
        try await connection.query(
            """
            INSERT INTO chain_heads (chain_id, position, hash)
            SELECT chain_id, 0, hash FROM unnest(\(chains)::text[], \(genesis)::text[]) AS g(chain_id, hash)
            ORDER BY chain_id
            ON CONFLICT (chain_id) DO NOTHING
            """,
            logger: logger)
        let rows = try await connection.query(
            "SELECT chain_id, position, hash FROM chain_heads WHERE chain_id = ANY(\(chains)::text[]) ORDER BY chain_id FOR UPDATE",
            logger: logger)
        var heads: [ChainHead] = []
        for try await (chain, position, hash) in rows.decode((String, Int64, String).self) {
            heads.append(ChainHead(chain: chain, position: position, hash: hash))
        }
        return heads
    }

    /// Stored events holding the batch's idempotency keys, each with its subject's history up to it. Read after
    /// the heads are locked, so a retry of the same request on another instance is seen once its transaction
    /// commits.
    private func earlierEvents(holding keys: [IdempotencyRef]) async throws -> [EarlierEvent] {
        guard !keys.isEmpty else { return [] }
        let rows = try await connection.query(
            """
            SELECT \(unescaped: EventRecord.selectList(alias: "e"))
            FROM unnest(\(keys.map(\.property.rawValue))::text[], \(keys.map(\.key))::text[]) AS k(property_id, idempotency_key)
            JOIN consent_events AS e ON e.property_id = k.property_id AND e.idempotency_key = k.idempotency_key
            """,
            logger: logger)
        var earlier: [EarlierEvent] = []
        for stored in try await rows.events() {
            earlier.append(EarlierEvent(stored: stored, history: try await history(through: stored)))
        }
        return earlier
    }

    /// The subject's events in commit order up to and including `stored`.
    private func history(through stored: StoredEvent) async throws -> [ConsentEvent] {
        let event = stored.event
        return try await connection.query(
            """
            SELECT \(unescaped: EventRecord.selectList()) FROM consent_events
            WHERE property_id = \(event.property.rawValue) AND subject_key = \(ByteBuffer(bytes: event.subject.bytes))
                AND seq <= \(stored.sequence)
            ORDER BY seq
            """,
            logger: logger
        ).events().map(\.event)
    }

    /// The current state rows of the batch's subjects.
    func stateRows(of subjects: [SubjectRef]) async throws -> [StateRow] {
        try await connection.query(
            """
            SELECT \(unescaped: StateRecord.selectList(alias: "s"))
            FROM unnest(\(subjects.map(\.property.rawValue))::text[], \(subjects.map { ByteBuffer(bytes: $0.subject.bytes) })::bytea[])
                AS k(property_id, subject_key)
            JOIN consent_state AS s ON s.property_id = k.property_id AND s.subject_key = k.subject_key
            """,
            logger: logger
        ).stateRows()
    }
}
