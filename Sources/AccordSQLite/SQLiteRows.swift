import AccordCore
import Foundation
import GRDB

extension StoredEvent {
    /// Reads a `consent_events` row; a value the domain cannot represent means the row was edited by hand.
    init(row: Row) throws {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw StoreError.corrupt("consent_events.\(column) is not valid") }
            return value
        }
        let subjectBytes: Data = row["subject_key"]
        let authentication = try (row["authenticated_by"] as String?).map {
            try required(ConsentAuthentication(text: $0), "authenticated_by")
        }
        let event = ConsentEvent(
            id: EventID(rawValue: row["id"]),
            property: PropertyID(rawValue: row["property_id"]),
            subject: try required(SubjectKey(bytes: Array(subjectBytes)), "subject_key"),
            choices: try ConsentEventEncoding.choices(from: row["choices"]),
            expiresAt: try ConsentEventEncoding.expiries(from: row["expires_at"]),
            regime: try required(Regime(rawValue: row["regime"]), "regime"),
            region: row["region"],
            locale: row["locale"],
            policyVersion: row["policy_version"],
            policyHash: row["policy_hash"],
            source: try required(ConsentSource(rawValue: row["source"]), "source"),
            gpc: row["gpc"],
            tcString: row["tc_string"],
            gppString: row["gpp_string"],
            ipPrefix: row["ip_prefix"],
            userAgent: row["user_agent"],
            clientTime: (row["client_time"] as Int64?).map(Date.init(millisecondsSince1970:)),
            recordedAt: Date(millisecondsSince1970: row["recorded_at"]),
            idempotencyKey: row["idempotency_key"],
            authentication: authentication
        )
        self.init(
            event: event,
            sequence: row["seq"],
            link: ChainLink(
                chain: row["chain_id"], position: row["chain_position"], previousHash: row["prev_hash"],
                hash: row["hash"]))
    }
}

extension StateRow {
    init(row: Row) throws {
        let subjectBytes: Data = row["subject_key"]
        guard let subject = SubjectKey(bytes: Array(subjectBytes)),
            let choice = ConsentChoice(rawValue: row["choice"])
        else { throw StoreError.corrupt("consent_state row is not valid") }
        self.init(
            property: PropertyID(rawValue: row["property_id"]),
            subject: subject,
            purpose: PurposeKey(rawValue: row["purpose_key"]),
            state: PurposeState(
                choice: choice,
                since: Date(millisecondsSince1970: row["since"]),
                expiresAt: (row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
                policyVersion: row["policy_version"],
                eventID: EventID(rawValue: row["event_id"])))
    }
}
