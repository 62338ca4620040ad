import AccordCore
import Foundation
import PostgresNIO

/// One `append` call inside its transaction: lock the chain heads, answer idempotent retries, link and insert
/// the new events, fold them into the state view and move the heads.
///
/// Instances appending to different chains never wait on each other; to the same chain they queue on the
/// head row. A subject's events all live in one chain, so its state rows are only written under that lock.
struct PostgresAppendBatch {
    let events: [ConsentEvent]
    let connection: PostgresConnection
    let logger: Logger

    private struct KeyRef: Hashable {
        var property: PropertyID
        var key: String
    }

    private struct SubjectRef: Hashable {
        var property: PropertyID
        var subject: SubjectKey
    }

    private enum Plan {
        case record(fresh: Int, state: ConsentState)
        case replayStored(StoredEvent)
        case replayFresh(fresh: Int, state: ConsentState)
        case conflict(EventID)
    }

    func run() async throws -> [AppendResult] {
        var heads = try await lockHeads()
        let earlier = try await eventsWithKeys()
        var states = try await currentStates()
        var plans: [Plan] = []
        var fresh: [(event: ConsentEvent, link: ChainLink)] = []
        var keyedPlans: [KeyRef: Int] = [:]
        var moved: Set<String> = []
        for event in events {
            if let key = event.idempotencyKey {
                let ref = KeyRef(property: event.property, key: key)
                if let stored = earlier[ref] {
                    plans.append(stored.event.isSameRequest(as: event) ? .replayStored(stored) : .conflict(stored.event.id))
                    continue
                }
                if let index = keyedPlans[ref], case .record(let original, let state) = plans[index] {
                    let first = fresh[original].event
                    plans.append(first.isSameRequest(as: event) ? .replayFresh(fresh: original, state: state) : .conflict(first.id))
                    continue
                }
                keyedPlans[ref] = plans.count
            }
            let chain = AuditChain.chain(for: event.property, subject: event.subject)
            let link = AuditChain.link(event, after: heads[chain] ?? .genesis(of: chain))
            heads[chain] = ChainHead(chain: chain, position: link.position, hash: link.hash)
            moved.insert(chain)
            let subject = SubjectRef(property: event.property, subject: event.subject)
            states[subject, default: ConsentState()].apply(event)
            fresh.append((event, link))
            plans.append(.record(fresh: fresh.count - 1, state: states[subject]!))
        }
        let records = fresh.enumerated().map { PostgresRecordSets.Event($1.event, link: $1.link, ord: $0) }
        let sequences = try await PostgresRecordSets.insert(records, on: connection, logger: logger)
        try await PostgresRecordSets.upsert(finalStateRows(fresh.map(\.event)), on: connection, logger: logger)
        try await PostgresRecordSets.saveHeads(moved.sorted().compactMap { heads[$0] }, on: connection, logger: logger)

        func stored(_ index: Int) throws -> StoredEvent {
            let (event, link) = fresh[index]
            guard let sequence = sequences[event.id.rawValue] else { throw StoreError.corrupt("an inserted event has no sequence") }
            return StoredEvent(event: event, sequence: sequence, link: link)
        }
        var results: [AppendResult] = []
        for plan in plans {
            switch plan {
            case .record(let index, let state): results.append(.recorded(try stored(index), state: state))
            case .replayFresh(let index, let state): results.append(.replayed(try stored(index), state: state))
            case .replayStored(let earlier): results.append(.replayed(earlier, state: try await state(asOf: earlier)))
            case .conflict(let id): results.append(.idempotencyConflict(existing: id))
            }
        }
        return results
    }

    /// Creates missing heads (at the genesis) and locks every head this batch touches, in chain order so
    /// two batches never wait on each other in a cycle.
    private func lockHeads() async throws -> [String: ChainHead] {
        let chains = Set(events.map { AuditChain.chain(for: $0.property, subject: $0.subject) }).sorted()
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
        var heads: [String: ChainHead] = [:]
        for try await (chain, position, hash) in rows.decode((String, Int64, String).self) {
            heads[chain] = ChainHead(chain: chain, position: position, hash: hash)
        }
        return heads
    }

    /// Stored events holding the batch's idempotency keys. Read after the heads are locked, so a retry of
    /// the same request on another instance is seen once its transaction commits.
    private func eventsWithKeys() async throws -> [KeyRef: StoredEvent] {
        let keyed = events.compactMap { event in event.idempotencyKey.map { KeyRef(property: event.property, key: $0) } }
        guard !keyed.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresColumns.list(PostgresColumns.eventNames, alias: "e"))
            FROM unnest(\(keyed.map(\.property.rawValue))::text[], \(keyed.map(\.key))::text[]) AS k(property_id, idempotency_key)
            JOIN consent_events AS e ON e.property_id = k.property_id AND e.idempotency_key = k.idempotency_key
            """,
            logger: logger)
        var found: [KeyRef: StoredEvent] = [:]
        for stored in try await rows.events() {
            guard let key = stored.event.idempotencyKey else { continue }
            found[KeyRef(property: stored.event.property, key: key)] = stored
        }
        return found
    }

    /// The current state of every subject in the batch.
    private func currentStates() async throws -> [SubjectRef: ConsentState] {
        let subjects = Array(Set(events.map { SubjectRef(property: $0.property, subject: $0.subject) }))
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresColumns.list(PostgresColumns.stateNames, alias: "s"))
            FROM unnest(\(subjects.map(\.property.rawValue))::text[], \(subjects.map { ByteBuffer(bytes: $0.subject.bytes) })::bytea[])
                AS k(property_id, subject_key)
            JOIN consent_state AS s ON s.property_id = k.property_id AND s.subject_key = k.subject_key
            """,
            logger: logger)
        var states: [SubjectRef: ConsentState] = [:]
        for row in try await rows.stateRows() {
            states[SubjectRef(property: row.property, subject: row.subject), default: ConsentState()].purposes[row.purpose] = row.state
        }
        return states
    }

    /// The state rows the new events leave behind: the last change per (property, subject, purpose).
    private func finalStateRows(_ fresh: [ConsentEvent]) -> [PostgresRecordSets.State] {
        PostgresRecordSets.finalStates(of: fresh)
    }

    /// The state a subject had right after `stored`: the answer an idempotent replay repeats.
    private func state(asOf stored: StoredEvent) async throws -> ConsentState {
        let event = stored.event
        let rows = try await connection.query(
            """
            SELECT \(unescaped: PostgresColumns.event) FROM consent_events
            WHERE property_id = \(event.property.rawValue) AND subject_key = \(ByteBuffer(bytes: event.subject.bytes))
                AND seq <= \(stored.sequence)
            ORDER BY seq
            """,
            logger: logger)
        return ConsentState(folding: try await rows.events().map(\.event))
    }
}
