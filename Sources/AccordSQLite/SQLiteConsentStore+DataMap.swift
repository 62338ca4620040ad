import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveSystem(_ system: DataSystem) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                let exists =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM data_map_systems WHERE property_id = ? AND key = ?)",
                        arguments: [system.property.rawValue, system.key]) ?? false
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO data_map_systems (property_id, key, definition, updated_at)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [system.property.rawValue, system.key, system.storedDefinition(), system.updatedAt.millisecondsSince1970])
                return !exists
            }
        }
    }

    public func system(_ key: String, of property: PropertyID) async throws -> DataSystem? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM data_map_systems WHERE property_id = ? AND key = ?", arguments: [property.rawValue, key]
                ).map(SQLiteDataMap.system(row:))
            }
        }
    }

    public func systems(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [DataSystem] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM data_map_systems WHERE property_id = ? AND key > ? ORDER BY key LIMIT ?",
                    arguments: [property.rawValue, cursor ?? "", limit]
                ).map(SQLiteDataMap.system(row:))
            }
        }
    }

    public func deleteSystem(_ key: String, of property: PropertyID) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM data_map_systems WHERE property_id = ? AND key = ?", arguments: [property.rawValue, key])
                return db.changesCount == 1
            }
        }
    }
}

/// The data map's table and its rows.
enum SQLiteDataMap {
    /// One row per system; the definition is JSON (`DataSystem.storedDefinition()`), compared as a whole.
    static let schema = """
        CREATE TABLE data_map_systems (
            property_id TEXT NOT NULL REFERENCES properties(id),
            key TEXT NOT NULL,
            definition TEXT NOT NULL CHECK (json_valid(definition)),
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (property_id, key)
        ) WITHOUT ROWID;
        """

    static func system(row: Row) throws -> DataSystem {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "data_map_systems", name) }
        return try DataSystem(
            property: PropertyID(rawValue: try column("property_id")), key: try column("key"),
            storedDefinition: try column("definition"), updatedAtMilliseconds: try column("updated_at"))
    }
}
