import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func saveSystem(_ system: DataSystem) async throws -> Bool {
        try await guarded {
            // xmax is 0 on a row this statement inserted, the updating transaction's id on one it replaced.
            let rows = try await self.client.query(
                """
                INSERT INTO data_map_systems (property_id, key, definition, updated_at)
                VALUES (\(system.property.rawValue), \(system.key), \(system.storedDefinition())::jsonb,
                    \(system.updatedAt.millisecondsSince1970))
                ON CONFLICT (property_id, key) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
                RETURNING (xmax = 0) AS inserted
                """,
                logger: self.logger)
            var inserted = false
            for try await row in rows { inserted = try row.decode(Bool.self) }
            return inserted
        }
    }

    public func system(_ key: String, of property: PropertyID) async throws -> DataSystem? {
        try await guarded {
            try await PostgresDataMap.systems(
                self.client.query(
                    """
                    SELECT property_id, key, definition::text, updated_at FROM data_map_systems
                    WHERE property_id = \(property.rawValue) AND key = \(key)
                    """,
                    logger: self.logger)
            ).first
        }
    }

    public func systems(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [DataSystem] {
        try await guarded {
            try await PostgresDataMap.systems(
                self.client.query(
                    """
                    SELECT property_id, key, definition::text, updated_at FROM data_map_systems
                    WHERE property_id = \(property.rawValue) AND key > \(cursor ?? "")
                    ORDER BY key LIMIT \(limit)
                    """,
                    logger: self.logger))
        }
    }

    public func deleteSystem(_ key: String, of property: PropertyID) async throws -> Bool {
        try await guarded {
            let rows = try await self.client.query(
                "DELETE FROM data_map_systems WHERE property_id = \(property.rawValue) AND key = \(key) RETURNING key",
                logger: self.logger)
            var deleted = false
            for try await _ in rows { deleted = true }
            return deleted
        }
    }
}

/// The data map's table (migration `2026-11-30-data-map`) and its rows.
enum PostgresDataMap {
    /// Keys are compared bytewise (`COLLATE "C"`), so cursors page in the same order on every backend.
    static let schema: [String] = [
        """
        CREATE TABLE data_map_systems (
            property_id text NOT NULL REFERENCES properties(id),
            key text COLLATE "C" NOT NULL,
            definition jsonb NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (property_id, key)
        )
        """
    ]

    static func systems(_ rows: PostgresRowSequence) async throws -> [DataSystem] {
        var result: [DataSystem] = []
        for try await row in rows {
            let (property, key, definition, updatedAt) = try row.decode((String, String, String, Int64).self)
            result.append(
                try DataSystem(
                    property: PropertyID(rawValue: property), key: key, storedDefinition: definition, updatedAtMilliseconds: updatedAt))
        }
        return result
    }
}
