import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// `ExpiryQueue`: a range scan of `consent_state_expiry` within one notice stage, whose columns are the queue's
    /// order, joined to the event that set each row. The WHERE repeats the index's predicate, so the planner may use the partial index.
    public func expiryCandidates(notice: EventKind?, dueBy horizon: Date, after cursor: ExpiryCursor?, limit: Int)
        async throws
        -> [ExpiryCandidate]
    {
        let stage = notice?.rawValue ?? "none"
        let afterExpiry = cursor?.expiresAt.millisecondsSince1970 ?? Int64.min
        let afterProperty = cursor?.property.rawValue ?? ""
        let afterSubject = ByteBuffer(bytes: cursor?.subject.bytes ?? [])
        let afterPurpose = cursor?.purpose.rawValue ?? ""
        return try await guarded {
            let rows = try await self.client.query(
                """
                SELECT \(unescaped: StateRecord.selectList(alias: "s")), e.regime AS event_regime,
                    e.region AS event_region, e.policy_hash AS event_policy_hash
                FROM consent_state AS s JOIN consent_events AS e ON e.id = s.event_id
                WHERE s.choice = 'granted' AND s.expires_at IS NOT NULL AND s.expiry_notice IS DISTINCT FROM 'expired'
                    AND coalesce(s.expiry_notice, 'none') = \(stage) AND s.expires_at <= \(horizon.millisecondsSince1970)
                    AND (s.expires_at, s.property_id, s.subject_key, s.purpose_key)
                        > (\(afterExpiry), \(afterProperty), \(afterSubject), \(afterPurpose))
                ORDER BY s.expires_at, s.property_id, s.subject_key, s.purpose_key
                LIMIT \(limit)
                """,
                logger: self.logger)
            var candidates: [ExpiryCandidate] = []
            for try await row in rows {
                let record = PostgresRecordRow(row)
                guard let regime = Regime(rawValue: try record.string("event_regime")) else {
                    throw StoreError.corrupt("consent_events.regime is not valid")
                }
                candidates.append(
                    ExpiryCandidate(
                        row: try StateRecord(row: record).row(), regime: regime,
                        region: try record.isNull("event_region") ? nil : try record.string("event_region"),
                        policyHash: try record.string("event_policy_hash")))
            }
            return candidates
        }
    }
}
