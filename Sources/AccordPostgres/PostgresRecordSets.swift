import AccordCore
import Foundation
import PostgresNIO

/// Many rows written in one statement: the rows travel as one JSON array parameter of the core's flat records,
/// which `jsonb_populate_recordset` turns into rows of the table itself (names and types from the table), so
/// a batch of any size costs one round trip and no column is listed here.
enum PostgresRecordSets {
    /// Writes an append or import plan: its events in order, its state rows and its heads. Returns the sequence
    /// number of each insert, in order.
    static func write(_ plan: AppendPlan, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        let sequences = try await insert(plan.inserts.map(\.record), on: connection, logger: logger)
        try await upsert(plan.states.map(StateRecord.init), on: connection, logger: logger)
        try await saveHeads(plan.heads, on: connection, logger: logger)
        try await saveLinks(plan.links, on: connection, logger: logger)
        try await addTallies(plan, on: connection, logger: logger)
        return try plan.inserts.map { insert in
            guard let sequence = sequences[insert.event.id.rawValue] else { throw StoreError.corrupt("an inserted event has no sequence") }
            return sequence
        }
    }

    /// The columns an insert writes: all but the sequence number, which the table generates.
    private static let insertedEventColumns = EventRecord.columns.filter { $0 != EventRecord.CodingKeys.seq.rawValue }
        .joined(separator: ", ")

    /// Inserts events in the given order, so sequence numbers follow it; returns them by event id.
    private static func insert(_ events: [EventRecord], on connection: PostgresConnection, logger: Logger) async throws
        -> [String: Int64]
    {
        guard !events.isEmpty else { return [:] }
        let json = try recordSetText(events)
        let rows = try await connection.query(
            """
            INSERT INTO consent_events (\(unescaped: insertedEventColumns))
            SELECT \(unescaped: insertedEventColumns)
            FROM jsonb_populate_recordset(NULL::consent_events, \(json)::jsonb) WITH ORDINALITY AS r
            ORDER BY r.ordinality
            RETURNING id, seq
            """,
            logger: logger)
        var sequences: [String: Int64] = [:]
        for try await (id, seq) in rows.decode((String, Int64).self) { sequences[id] = seq }
        return sequences
    }

    private static let stateColumns = StateRecord.selectList()
    private static let stateUpdates = StateRecord.CodingKeys.allCases.filter { !StateRecord.key.contains($0) }
        .map { "\($0.rawValue) = excluded.\($0.rawValue)" }.joined(separator: ", ")
    private static let stateKey = StateRecord.key.map(\.rawValue).joined(separator: ", ")

    /// Inserts or replaces state rows; each (property, subject, purpose) must appear once.
    static func upsert(_ states: [StateRecord], on connection: PostgresConnection, logger: Logger) async throws {
        guard !states.isEmpty else { return }
        let json = try recordSetText(states)
        try await connection.query(
            """
            INSERT INTO consent_state (\(unescaped: stateColumns))
            SELECT \(unescaped: stateColumns) FROM jsonb_populate_recordset(NULL::consent_state, \(json)::jsonb)
            ON CONFLICT (\(unescaped: stateKey)) DO UPDATE SET \(unescaped: stateUpdates)
            """,
            logger: logger)
    }

    /// A `chain_heads` row in a record set.
    private struct HeadRecord: Encodable {
        var chainID: String
        var position: Int64
        var hash: String

        enum CodingKeys: String, CodingKey {
            case chainID = "chain_id"
            case position, hash
        }
    }

    /// Moves chain heads, creating those an import starts.
    private static func saveHeads(_ heads: [ChainHead], on connection: PostgresConnection, logger: Logger) async throws {
        guard !heads.isEmpty else { return }
        let json = try recordSetText(heads.map { HeadRecord(chainID: $0.chain, position: $0.position, hash: $0.hash) })
        try await connection.query(
            """
            INSERT INTO chain_heads (chain_id, position, hash)
            SELECT chain_id, position, hash FROM jsonb_populate_recordset(NULL::chain_heads, \(json)::jsonb)
            ON CONFLICT (chain_id) DO UPDATE SET position = excluded.position, hash = excluded.hash
            """,
            logger: logger)
    }

    /// Inserts or replaces links; a later link of the same visitor in one plan wins.
    private static func saveLinks(_ links: [LinkRow], on connection: PostgresConnection, logger: Logger) async throws {
        guard !links.isEmpty else { return }
        var last: [String: LinkRecord] = [:]
        for link in links { last[link.property.rawValue + link.visitor.hex] = LinkRecord(link) }
        let json = try recordSetText(Array(last.values))
        try await connection.query(
            """
            INSERT INTO subject_links (property_id, visitor_key, subject_key, event_id)
            SELECT property_id, visitor_key, subject_key, event_id FROM jsonb_populate_recordset(NULL::subject_links, \(json)::jsonb)
            ON CONFLICT (property_id, visitor_key) DO UPDATE SET subject_key = excluded.subject_key, event_id = excluded.event_id
            """,
            logger: logger)
    }

    /// JSON as `jsonb_populate_recordset` reads it: bytes as `bytea` text (`\x` and hex).
    private static func recordSetText(_ rows: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dataEncodingStrategy = .custom { data, encoder in
            var container = encoder.singleValueContainer()
            try container.encode("\\x" + data.hexString)
        }
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
