import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveAPIKey(_ key: APIKey) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO api_keys (hash, prefix, name, scopes, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        key.hash, key.prefix, key.name, key.scopes.sorted().map(\.rawValue).joined(separator: ","),
                        key.createdAt.millisecondsSince1970,
                    ])
            }
        }
    }

    public func apiKey(hash: String) async throws -> APIKey? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE hash = ?", arguments: [hash]).map(Self.apiKey)
            }
        }
    }

    public func apiKeys() async throws -> [APIKey] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY created_at, hash").map(Self.apiKey)
            }
        }
    }

    public func revokeAPIKeys(prefix: String) async throws -> [APIKey] {
        try await guarded {
            try await pool.write { db in
                try Row.fetchAll(db, sql: "DELETE FROM api_keys WHERE prefix = ? RETURNING *", arguments: [prefix]).map(Self.apiKey)
                    .sorted { $0.hash < $1.hash }
            }
        }
    }

    private static func apiKey(_ row: Row) throws -> APIKey {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "api_keys", name) }
        let scopes = (try column("scopes") as String).split(separator: ",").compactMap { APIKey.Scope(rawValue: String($0)) }
        return APIKey(
            prefix: try column("prefix"), name: try column("name"), scopes: Set(scopes),
            createdAt: Date(millisecondsSince1970: try column("created_at")), hash: try column("hash"))
    }

    public func existingSecret(named name: String) async throws -> [UInt8]? {
        try await guarded {
            try pool.unsafeRead { db in
                try Data.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [name]).map(Array.init)
            }
        }
    }

    public func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        try await guarded {
            try await pool.write { db in
                if let existing = try Data.fetchOne(db, sql: "SELECT value FROM secrets WHERE name = ?", arguments: [name]) {
                    return Array(existing)
                }
                let value = create()
                try db.execute(
                    sql: "INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)",
                    arguments: [name, Data(value), Date().millisecondsSince1970])
                return value
            }
        }
    }

    public func replaceSecret(named name: String, expected: [UInt8], with value: [UInt8]) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE secrets SET value = ? WHERE name = ? AND value = ?",
                    arguments: [Data(value), name, Data(expected)])
                return db.changesCount == 1
            }
        }
    }
}
