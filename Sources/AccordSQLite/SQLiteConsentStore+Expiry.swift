import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// `ExpiryQueue`: a range scan of `consent_state_expiry` within one notice stage, whose order (expiry, then
    /// the primary key the index carries) is the queue's, joined to the event that set each row.
    public func expiryCandidates(notice: EventKind?, dueBy horizon: Date, after cursor: ExpiryCursor?, limit: Int)
        async throws
        -> [ExpiryCandidate]
    {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db.cachedStatement(sql: Self.expiryQuery),
                    arguments: [
                        notice?.rawValue ?? "none", horizon.millisecondsSince1970,
                        cursor?.expiresAt.millisecondsSince1970 ?? Int64.min, cursor?.property.rawValue ?? "",
                        Data(cursor?.subject.bytes ?? []), cursor?.purpose.rawValue ?? "", limit,
                    ]
                ).map(ExpiryCandidate.init(row:))
            }
        }
    }

    /// The sweep's query; its WHERE repeats the index's, so SQLite may use the partial index. The state row's
    /// event id may be stored as its 16 bytes (`SQLiteCompactCells`): the join spells it as the event's text id,
    /// an expression of the state row only, so each event is still found through the unique index on `id`.
    static let expiryQuery = """
        SELECT s.*, e.regime AS event_regime, e.region AS event_region, e.policy_hash AS event_policy_hash
        FROM consent_state AS s JOIN consent_events AS e ON e.id = \(eventIDText("s.event_id"))
        WHERE s.choice = 'granted' AND s.expires_at IS NOT NULL AND s.expiry_notice IS NOT 'expired'
            AND coalesce(s.expiry_notice, 'none') = ? AND s.expires_at <= ?
            AND (s.expires_at, s.property_id, s.subject_key, s.purpose_key) > (?, ?, ?, ?)
        ORDER BY s.expires_at, s.property_id, s.subject_key, s.purpose_key
        LIMIT ?
        """
}

extension ExpiryCandidate {
    /// Reads a row of `SQLiteConsentStore.expiryQuery`.
    init(row: Row) throws {
        let regime: String = try cell(row, "consent_events", "event_regime")
        guard let parsed = Regime(rawValue: regime) else { throw StoreError.corrupt("consent_events.regime is not valid") }
        self.init(
            row: try StateRow(row: row), regime: parsed, region: try cell(row, "consent_events", "event_region"),
            policyHash: try Self.policyHash(row))
    }

    /// The event's policy hash, stored as text or as its 32 bytes.
    private static func policyHash(_ row: Row) throws -> String {
        let value: DatabaseValue = try cell(row, "consent_events", "event_policy_hash")
        switch value.storage {
        case .string(let text): return text
        case .blob(let bytes): if let text = SQLiteCompactCells.hashText(bytes) { return text }
        default: break
        }
        throw StoreError.corrupt("consent_events.policy_hash does not hold a valid value")
    }
}

/// SQL for the text form of an event id cell that may hold the id's 16 bytes (`SQLiteCompactCells`).
func eventIDText(_ column: String) -> String {
    let digits = "hex(\(column))"
    return """
        (CASE WHEN typeof(\(column)) = 'blob' THEN lower(substr(\(digits), 1, 8) || '-' || substr(\(digits), 9, 4) || '-' \
        || substr(\(digits), 13, 4) || '-' || substr(\(digits), 17, 4) || '-' || substr(\(digits), 21, 12)) \
        ELSE \(column) END)
        """
}
