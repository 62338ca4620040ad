import AccordCore
import Foundation
import GRDB

/// `ReportCounters` on SQLite: `choice_tallies`, added to in the append transaction, and `impression_tallies`.
/// A missing region or locale is stored as the empty text, so it can be part of the primary key.
extension SQLiteConsentStore {
    public func countImpressions(_ tallies: [ImpressionTally]) async throws {
        guard !tallies.isEmpty else { return }
        try await guarded {
            try await pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO impression_tallies (property_id, day, region, regime, locale, policy_version, count)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (property_id, day, region, regime, locale, policy_version)
                        DO UPDATE SET count = count + excluded.count
                        """)
                for tally in ImpressionTally.merged(tallies) {
                    try statement.execute(arguments: [
                        tally.property.rawValue, tally.day, tally.region ?? "", tally.regime.rawValue, tally.locale ?? "",
                        tally.policyVersion, tally.count,
                    ])
                }
            }
        }
    }

    public func impressionTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ImpressionTally] {
        try await guarded {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM impression_tallies WHERE property_id = ? AND day BETWEEN ? AND ?",
                    arguments: [property.rawValue, days.lowerBound, days.upperBound]
                ).map { row in
                    func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "impression_tallies", name) }
                    let region: String = try column("region")
                    let locale: String = try column("locale")
                    guard let regime = Regime(rawValue: try column("regime")) else {
                        throw StoreError.corrupt("impression_tallies.regime does not hold a valid value")
                    }
                    return ImpressionTally(
                        property: property, day: try column("day"), region: region.isEmpty ? nil : region, regime: regime,
                        locale: locale.isEmpty ? nil : locale, policyVersion: try column("policy_version"), count: try column("count"))
                }
            }
        }
    }

    public func choiceTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ChoiceTally] {
        try await guarded {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM choice_tallies WHERE property_id = ? AND day BETWEEN ? AND ?",
                    arguments: [property.rawValue, days.lowerBound, days.upperBound]
                ).map { row in
                    func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "choice_tallies", name) }
                    let region: String = try column("region")
                    guard let choices = try? ConsentEventEncoding.choices(from: try column("choices")) else {
                        throw StoreError.corrupt("choice_tallies.choices does not hold a valid value")
                    }
                    guard let source = ConsentSource(rawValue: try column("source")) else {
                        throw StoreError.corrupt("choice_tallies.source does not hold a valid value")
                    }
                    return ChoiceTally(
                        property: property, day: try column("day"), region: region.isEmpty ? nil : region, source: source,
                        choices: choices, count: try column("count"))
                }
            }
        }
    }

    /// Adds a plan's tallies inside its transaction.
    static func addTallies(_ tallies: [ChoiceTally], db: Database) throws {
        guard !tallies.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO choice_tallies (property_id, day, region, source, choices, count) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (property_id, day, region, source, choices) DO UPDATE SET count = count + excluded.count
                """)
        for tally in tallies {
            try statement.execute(arguments: [
                tally.property.rawValue, tally.day, tally.region ?? "", tally.source.rawValue,
                ConsentEventEncoding.choicesText(tally.choices), tally.count,
            ])
        }
    }

    /// The counters' tables, with the choices already in the log tallied the way `ChoiceTally.of` does.
    static let reportCounters = """
        CREATE TABLE choice_tallies (
            property_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            region TEXT NOT NULL,
            source TEXT NOT NULL,
            choices TEXT NOT NULL,
            count INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (property_id, day, region, source, choices)
        ) WITHOUT ROWID;

        CREATE TABLE impression_tallies (
            property_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            region TEXT NOT NULL,
            regime TEXT NOT NULL,
            locale TEXT NOT NULL,
            policy_version INTEGER NOT NULL,
            count INTEGER NOT NULL CHECK (count > 0),
            PRIMARY KEY (property_id, day, region, regime, locale, policy_version)
        ) WITHOUT ROWID;

        INSERT INTO choice_tallies (property_id, day, region, source, choices, count)
        SELECT property_id, recorded_at / 86400000, COALESCE(region, ''), source, choices, COUNT(*) FROM consent_events
        WHERE source NOT IN ('expiry', 'link') AND choices <> '{}'
        GROUP BY property_id, recorded_at / 86400000, COALESCE(region, ''), source, choices;
        """
}

extension SQLiteConsentStore {
    /// `AuditAppending`.
    public func appendAuditEntry(_ entry: AuditEntry) async throws {
        try await guarded {
            try await pool.write { db in try Self.append(entry, db: db) }
        }
    }
}
