import AccordCore
import Foundation
import PostgresNIO

/// `ReportCounters` on PostgreSQL. Choice tallies keep one row per chain (`AppendPlan.talliesByChain`), so
/// appends to different chains never wait on a shared counter; reads add the chains up. A missing region or
/// locale is stored as the empty text, so it can be part of the primary key.
extension PostgresConsentStore {
    public func countImpressions(_ tallies: [ImpressionTally]) async throws {
        let merged = ImpressionTally.merged(tallies)
        guard !merged.isEmpty else { return }
        try await guarded {
            try await self.client.query(
                """
                INSERT INTO impression_tallies (property_id, day, region, regime, locale, policy_version, count)
                SELECT * FROM unnest(\(merged.map(\.property.rawValue))::text[], \(merged.map { Int64($0.day) })::bigint[],
                    \(merged.map { $0.region ?? "" })::text[], \(merged.map(\.regime.rawValue))::text[],
                    \(merged.map { $0.locale ?? "" })::text[], \(merged.map { Int64($0.policyVersion) })::bigint[],
                    \(merged.map { Int64($0.count) })::bigint[])
                ORDER BY 1, 2, 3, 4, 5, 6
                ON CONFLICT (property_id, day, region, regime, locale, policy_version)
                DO UPDATE SET count = impression_tallies.count + excluded.count
                """,
                logger: self.logger)
        }
    }

    public func impressionTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ImpressionTally] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT day, region, regime, locale, policy_version, count FROM impression_tallies
                WHERE property_id = \(property.rawValue) AND day BETWEEN \(Int64(days.lowerBound)) AND \(Int64(days.upperBound))
                """,
                logger: self.logger)
            var tallies: [ImpressionTally] = []
            for try await (day, region, regime, locale, version, count) in rows.decode((Int64, String, String, String, Int64, Int64).self) {
                guard let regime = Regime(rawValue: regime) else {
                    throw StoreError.corrupt("impression_tallies.regime does not hold a valid value")
                }
                tallies.append(
                    ImpressionTally(
                        property: property, day: Int(day), region: region.isEmpty ? nil : region, regime: regime,
                        locale: locale.isEmpty ? nil : locale, policyVersion: Int(version), count: Int(count)))
            }
            return tallies
        }
    }

    public func choiceTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ChoiceTally] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT day, region, source, choices, sum(count)::bigint FROM choice_tallies
                WHERE property_id = \(property.rawValue) AND day BETWEEN \(Int64(days.lowerBound)) AND \(Int64(days.upperBound))
                GROUP BY day, region, source, choices
                """,
                logger: self.logger)
            var tallies: [ChoiceTally] = []
            for try await (day, region, source, text, count) in rows.decode((Int64, String, String, String, Int64).self) {
                guard let choices = try? ConsentEventEncoding.choices(from: text) else {
                    throw StoreError.corrupt("choice_tallies.choices does not hold a valid value")
                }
                guard let source = ConsentSource(rawValue: source) else {
                    throw StoreError.corrupt("choice_tallies.source does not hold a valid value")
                }
                tallies.append(
                    ChoiceTally(
                        property: property, day: Int(day), region: region.isEmpty ? nil : region, source: source, choices: choices,
                        count: Int(count)))
            }
            return tallies
        }
    }
}

extension PostgresRecordSets {
    /// Adds a plan's tallies inside its transaction, one counter row per chain, in key order.
    static func addTallies(_ plan: AppendPlan, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = plan.talliesByChain.flatMap { chain, tallies in tallies.map { (chain, $0) } }
        guard !rows.isEmpty else { return }
        try await connection.query(
            """
            INSERT INTO choice_tallies (chain_id, property_id, day, region, source, choices, count)
            SELECT * FROM unnest(\(rows.map(\.0))::text[], \(rows.map(\.1.property.rawValue))::text[],
                \(rows.map { Int64($0.1.day) })::bigint[], \(rows.map { $0.1.region ?? "" })::text[],
                \(rows.map(\.1.source.rawValue))::text[], \(rows.map { ConsentEventEncoding.choicesText($0.1.choices) })::text[],
                \(rows.map { Int64($0.1.count) })::bigint[])
            ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (chain_id, property_id, day, region, source, choices)
            DO UPDATE SET count = choice_tallies.count + excluded.count
            """,
            logger: logger)
    }

    /// The counters' tables, with the choices already in the log tallied the way `ChoiceTally.of` does.
    static let reportCounters: [String] = [
        """
        CREATE TABLE choice_tallies (
            chain_id text COLLATE "C" NOT NULL,
            property_id text NOT NULL,
            day bigint NOT NULL,
            region text NOT NULL,
            source text NOT NULL,
            choices text NOT NULL,
            count bigint NOT NULL CHECK (count > 0),
            PRIMARY KEY (chain_id, property_id, day, region, source, choices)
        )
        """,
        "CREATE INDEX choice_tallies_property_day ON choice_tallies (property_id, day)",
        """
        CREATE TABLE impression_tallies (
            property_id text NOT NULL,
            day bigint NOT NULL,
            region text NOT NULL,
            regime text NOT NULL,
            locale text NOT NULL,
            policy_version bigint NOT NULL,
            count bigint NOT NULL CHECK (count > 0),
            PRIMARY KEY (property_id, day, region, regime, locale, policy_version)
        )
        """,
        """
        INSERT INTO choice_tallies (chain_id, property_id, day, region, source, choices, count)
        SELECT chain_id, property_id, recorded_at / 86400000, COALESCE(region, ''), source, choices, count(*) FROM consent_events
        WHERE source NOT IN ('expiry', 'link') AND choices <> '{}'
        GROUP BY chain_id, property_id, recorded_at / 86400000, COALESCE(region, ''), source, choices
        """,
    ]
}

extension PostgresConsentStore {
    /// `AuditAppending`.
    public func appendAuditEntry(_ entry: AuditEntry) async throws {
        try await guarded {
            try await self.transaction { connection in try await Self.append(entry, on: connection, logger: self.logger) }
        }
    }
}
