import AccordCore
import Foundation
import PostgresNIO

/// Many rows written in one statement: the rows travel as one JSON array parameter, unpacked by
/// `jsonbToRecordset`, so a batch of any size costs one round trip and nulls need no special casing.
enum PostgresRecordSets {
    /// One `consentEvents` row; `ord` keeps the batch order, so sequence numbers follow it.
    struct Event: Encodable {
        var ord: Int
        var id: String
        var propertyID: String
        var subjectKey: String
        var choices: String
        var expiresAt: String
        var regime: String
        var region: String?
        var locale: String?
        var policyVersion: Int
        var policyHash: String
        var source: String
        var gpc: Bool
        var tcString: String?
        var gppString: String?
        var ipPrefix: String?
        var userAgent: String?
        var clientTime: Int64?
        var recordedAt: Int64
        var idempotencyKey: String?
        var authenticatedBy: String?
        var chainID: String
        var chainPosition: Int64
        var prevHash: String
        var hash: String

        init(_ event: ConsentEvent, link: ChainLink, ord: Int) {
            self.ord = ord
            id = event.id.rawValue
            propertyID = event.property.rawValue
            subjectKey = event.subject.hex
            choices = ConsentEventEncoding.choicesText(event.choices)
            expiresAt = ConsentEventEncoding.expiriesText(event.expiresAt)
            regime = event.regime.rawValue
            region = event.region
            locale = event.locale
            policyVersion = event.policyVersion
            policyHash = event.policyHash
            source = event.source.rawValue
            gpc = event.gpc
            tcString = event.tcString
            gppString = event.gppString
            ipPrefix = event.ipPrefix
            userAgent = event.userAgent
            clientTime = event.clientTime?.millisecondsSince1970
            recordedAt = event.recordedAt.millisecondsSince1970
            idempotencyKey = event.idempotencyKey
            authenticatedBy = event.authentication?.text
            chainID = link.chain
            chainPosition = link.position
            prevHash = link.previousHash
            hash = link.hash
        }
    }

    /// One `consentState` row.
    struct State: Encodable {
        var propertyID: String
        var subjectKey: String
        var purposeKey: String
        var choice: String
        var since: Int64
        var expiresAt: Int64?
        var policyVersion: Int
        var eventID: String

        init(property: PropertyID, subject: SubjectKey, purpose: PurposeKey, state: PurposeState) {
            propertyID = property.rawValue
            subjectKey = subject.hex
            purposeKey = purpose.rawValue
            choice = state.choice.rawValue
            since = state.since.millisecondsSince1970
            expiresAt = state.expiresAt?.millisecondsSince1970
            policyVersion = state.policyVersion
            eventID = state.eventID.rawValue
        }
    }

    /// Inserts events in `ord` order; returns each new event's sequence number by event id.
    static func insert(_ events: [Event], on connection: PostgresConnection, logger: Logger) async throws -> [String: Int64] {
        guard !events.isEmpty else { return [:] }
        let json = try recordSetText(events)
        let rows = try await connection.query(
            """
            INSERT INTO consent_events (
                id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version, policy_hash,
                source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at, idempotency_key,
                authenticated_by, chain_id, chain_position, prev_hash, hash)
            SELECT id, property_id, decode(subject_key, 'hex'), choices, expires_at, regime, region, locale,
                policy_version, policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time,
                recorded_at, idempotency_key, authenticated_by, chain_id, chain_position, prev_hash, hash
            FROM jsonb_to_recordset(\(json)::jsonb) AS r(
                ord integer, id text, property_id text, subject_key text, choices text, expires_at text, regime text,
                region text, locale text, policy_version bigint, policy_hash text, source text, gpc boolean,
                tc_string text, gpp_string text, ip_prefix text, user_agent text, client_time bigint,
                recorded_at bigint, idempotency_key text, authenticated_by text, chain_id text, chain_position bigint, prev_hash text,
                hash text)
            ORDER BY ord
            RETURNING id, seq
            """,
            logger: logger)
        var sequences: [String: Int64] = [:]
        for try await (id, seq) in rows.decode((String, Int64).self) { sequences[id] = seq }
        return sequences
    }

    /// Inserts or replaces state rows; each (property, subject, purpose) must appear once.
    static func upsert(_ states: [State], on connection: PostgresConnection, logger: Logger) async throws {
        guard !states.isEmpty else { return }
        let json = try recordSetText(states)
        try await connection.query(
            """
            INSERT INTO consent_state
                (property_id, subject_key, purpose_key, choice, since, expires_at, policy_version, event_id)
            SELECT property_id, decode(subject_key, 'hex'), purpose_key, choice, since, expires_at, policy_version, event_id
            FROM jsonb_to_recordset(\(json)::jsonb) AS r(
                property_id text, subject_key text, purpose_key text, choice text, since bigint, expires_at bigint,
                policy_version bigint, event_id text)
            ON CONFLICT (property_id, subject_key, purpose_key) DO UPDATE SET
                choice = excluded.choice, since = excluded.since, expires_at = excluded.expires_at,
                policy_version = excluded.policy_version, event_id = excluded.event_id
            """,
            logger: logger)
    }

    /// The state rows `events` (in commit order) leave behind: the last change per (property, subject, purpose),
    /// each once, as one upsert statement needs them.
    static func finalStates(of events: [ConsentEvent]) -> [State] {
        var latest: [String: State] = [:]
        for event in events {
            for (purpose, state) in ConsentState.changes(of: event) {
                let key = "\(event.property.rawValue)\u{0}\(event.subject.hex)\u{0}\(purpose.rawValue)"
                latest[key] = State(property: event.property, subject: event.subject, purpose: purpose, state: state)
            }
        }
        return latest.keys.sorted().compactMap { latest[$0] }
    }

    /// Moves chain heads forward.
    static func saveHeads(_ heads: [ChainHead], on connection: PostgresConnection, logger: Logger) async throws {
        guard !heads.isEmpty else { return }
        let json = try recordSetText(heads.map { ["chain_id": $0.chain, "hash": $0.hash, "position": String($0.position)] })
        try await connection.query(
            """
            UPDATE chain_heads AS h SET position = r.position::bigint, hash = r.hash
            FROM jsonb_to_recordset(\(json)::jsonb) AS r(chain_id text, position text, hash text)
            WHERE h.chain_id = r.chain_id
            """,
            logger: logger)
    }

    /// JSON with snake_case keys, the column names `jsonb_to_recordset` matches.
    private static func recordSetText(_ rows: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
