import AccordCore
import Foundation
import PostgresNIO

/// The columns read for an event and for a state row; the decoders below read them by name.
enum PostgresColumns {
    static let eventNames = [
        "seq", "id", "property_id", "subject_key", "choices", "expires_at", "regime", "region", "locale", "policy_version",
        "policy_hash", "source", "gpc", "tc_string", "gpp_string", "ip_prefix", "user_agent", "client_time", "recorded_at",
        "idempotency_key", "authenticated_by", "chain_id", "chain_position", "prev_hash", "hash",
    ]
    static let stateNames = [
        "property_id", "subject_key", "purpose_key", "choice", "since", "expires_at", "policy_version", "event_id",
    ]
    static let event = list(eventNames)
    static let state = list(stateNames)

    /// `a, b, c`, or `t.a, t.b, t.c` with a table alias.
    static func list(_ names: [String], alias: String? = nil) -> String {
        names.map { name in alias.map { "\($0).\(name)" } ?? name }.joined(separator: ", ")
    }
}

extension StoredEvent {
    /// Reads a `consent_events` row; a value the domain cannot represent means the row was edited by hand.
    init(postgres row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw StoreError.corrupt("consent_events.\(column) is not valid") }
            return value
        }
        let subject = try row["subject_key"].decode(ByteBuffer.self)
        let authentication = try row["authenticated_by"].decode(String?.self).map {
            try required(ConsentAuthentication(text: $0), "authenticated_by")
        }
        let event = ConsentEvent(
            id: EventID(rawValue: try row["id"].decode(String.self)),
            property: PropertyID(rawValue: try row["property_id"].decode(String.self)),
            subject: try required(SubjectKey(bytes: Array(subject.readableBytesView)), "subject_key"),
            choices: try ConsentEventEncoding.choices(from: row["choices"].decode(String.self)),
            expiresAt: try ConsentEventEncoding.expiries(from: row["expires_at"].decode(String.self)),
            regime: try required(Regime(rawValue: row["regime"].decode(String.self)), "regime"),
            region: try row["region"].decode(String?.self),
            locale: try row["locale"].decode(String?.self),
            policyVersion: try row["policy_version"].decode(Int.self),
            policyHash: try row["policy_hash"].decode(String.self),
            source: try required(ConsentSource(rawValue: row["source"].decode(String.self)), "source"),
            gpc: try row["gpc"].decode(Bool.self),
            tcString: try row["tc_string"].decode(String?.self),
            gppString: try row["gpp_string"].decode(String?.self),
            ipPrefix: try row["ip_prefix"].decode(String?.self),
            userAgent: try row["user_agent"].decode(String?.self),
            clientTime: try row["client_time"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)),
            recordedAt: Date(millisecondsSince1970: try row["recorded_at"].decode(Int64.self)),
            idempotencyKey: try row["idempotency_key"].decode(String?.self),
            authentication: authentication
        )
        self.init(
            event: event,
            sequence: try row["seq"].decode(Int64.self),
            link: ChainLink(
                chain: try row["chain_id"].decode(String.self),
                position: try row["chain_position"].decode(Int64.self),
                previousHash: try row["prev_hash"].decode(String.self),
                hash: try row["hash"].decode(String.self)))
    }
}

extension StateRow {
    init(postgres row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        let subjectBytes = try row["subject_key"].decode(ByteBuffer.self)
        guard let subject = SubjectKey(bytes: Array(subjectBytes.readableBytesView)),
            let choice = ConsentChoice(rawValue: try row["choice"].decode(String.self))
        else { throw StoreError.corrupt("consent_state row is not valid") }
        self.init(
            property: PropertyID(rawValue: try row["property_id"].decode(String.self)),
            subject: subject,
            purpose: PurposeKey(rawValue: try row["purpose_key"].decode(String.self)),
            state: PurposeState(
                choice: choice,
                since: Date(millisecondsSince1970: try row["since"].decode(Int64.self)),
                expiresAt: try row["expires_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)),
                policyVersion: try row["policy_version"].decode(Int.self),
                eventID: EventID(rawValue: try row["event_id"].decode(String.self))))
    }
}

extension PostgresRowSequence {
    /// Every row as a stored event.
    func events() async throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        for try await row in self { result.append(try StoredEvent(postgres: row)) }
        return result
    }

    /// Every row as a state row.
    func stateRows() async throws -> [StateRow] {
        var result: [StateRow] = []
        for try await row in self { result.append(try StateRow(postgres: row)) }
        return result
    }
}
