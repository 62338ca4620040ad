import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveAPIKey(_ key: APIKey) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO api_keys (hash, prefix, name, scopes, created_at, expires_at, created_by, last_used_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.hash, key.prefix, key.name, key.scopes.sorted().map(\.rawValue).joined(separator: ","),
                        key.createdAt.millisecondsSince1970, key.expiresAt?.millisecondsSince1970, key.createdBy,
                        key.lastUsedAt?.millisecondsSince1970,
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

    public func markAPIKeyUsed(hash: String, at time: Date) async throws {
        let now = time.millisecondsSince1970
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE api_keys SET last_used_at = ? WHERE hash = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
                    arguments: [now, hash, now - 60_000])
            }
        }
    }

    private static func apiKey(_ row: Row) throws -> APIKey {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "api_keys", name) }
        let scopes = (try column("scopes") as String).split(separator: ",").compactMap { APIKey.Scope(rawValue: String($0)) }
        let expires: Int64? = try column("expires_at")
        let used: Int64? = try column("last_used_at")
        return APIKey(
            prefix: try column("prefix"), name: try column("name"), scopes: Set(scopes),
            createdAt: Date(millisecondsSince1970: try column("created_at")), hash: try column("hash"),
            expiresAt: expires.map(Date.init(millisecondsSince1970:)), createdBy: try column("created_by"),
            lastUsedAt: used.map(Date.init(millisecondsSince1970:)))
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
