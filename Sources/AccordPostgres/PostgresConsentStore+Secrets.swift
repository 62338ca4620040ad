import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func saveAPIKey(_ key: APIKey) async throws {
        let scopes = key.scopes.sorted().map(\.rawValue).joined(separator: ",")
        try await guarded {
            try await self.client.query(
                """
                INSERT INTO api_keys (hash, prefix, name, scopes, created_at, expires_at, created_by, last_used_at)
                VALUES (\(key.hash), \(key.prefix), \(key.name), \(scopes), \(key.createdAt.millisecondsSince1970),
                    \(key.expiresAt?.millisecondsSince1970), \(key.createdBy), \(key.lastUsedAt?.millisecondsSince1970))
                """,
                logger: self.logger
            ).collect()
        }
    }

    public func apiKey(hash: String) async throws -> APIKey? {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT \(unescaped: Self.keyColumns) FROM api_keys WHERE hash = \(hash)", logger: self.logger
            ).collect()
            return try rows.first.map(Self.apiKey)
        }
    }

    public func apiKeys() async throws -> [APIKey] {
        try await guarded {
            try await self.client.query(
                "SELECT \(unescaped: Self.keyColumns) FROM api_keys ORDER BY created_at, hash COLLATE \"C\"", logger: self.logger
            ).collect().map(Self.apiKey)
        }
    }

    public func revokeAPIKeys(prefix: String) async throws -> [APIKey] {
        try await guarded {
            try await self.client.query(
                "DELETE FROM api_keys WHERE prefix = \(prefix) RETURNING \(unescaped: Self.keyColumns)", logger: self.logger
            ).collect().map(Self.apiKey).sorted { $0.hash < $1.hash }
        }
    }

    static let keyColumns = "hash, prefix, name, scopes, created_at, expires_at, created_by, last_used_at"

    public func markAPIKeyUsed(hash: String, at time: Date) async throws {
        let now = time.millisecondsSince1970
        try await guarded {
            try await self.client.query(
                """
                UPDATE api_keys SET last_used_at = \(now)
                WHERE hash = \(hash) AND (last_used_at IS NULL OR last_used_at <= \(now - 60_000))
                """,
                logger: self.logger
            ).collect()
        }
    }

    private static func apiKey(_ row: PostgresRow) throws -> APIKey {
        let (hash, prefix, name, scopes, createdAt, expiresAt, createdBy, lastUsedAt) = try row.decode(
            (String, String, String, String, Int64, Int64?, String?, Int64?).self)
        let parsed = scopes.split(separator: ",").compactMap { APIKey.Scope(rawValue: String($0)) }
        return APIKey(
            prefix: prefix, name: name, scopes: Set(parsed), createdAt: Date(millisecondsSince1970: createdAt), hash: hash,
            expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), createdBy: createdBy,
            lastUsedAt: lastUsedAt.map(Date.init(millisecondsSince1970:)))
    }

    public func existingSecret(named name: String) async throws -> [UInt8]? {
        try await guarded {
            let rows = try await self.client.query("SELECT value FROM secrets WHERE name = \(name)", logger: self.logger).collect()
            return try rows.first.map { Array(try $0.decode(ByteBuffer.self).readableBytesView) }
        }
    }

    /// Inserts unless another instance got there first, then reads whichever value won: a second statement
    /// sees rows committed meanwhile, and the insert waits for a concurrent inserter of the same name.
    public func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        if let existing = try await existingSecret(named: name) { return existing }
        let candidate = ByteBuffer(bytes: create())
        return try await guarded {
            try await self.client.withConnection { connection in
                try await connection.query(
                    """
                    INSERT INTO secrets (name, value, created_at) VALUES (\(name), \(candidate), \(Date().millisecondsSince1970))
                    ON CONFLICT (name) DO NOTHING
                    """,
                    logger: self.logger)
                let rows = try await connection.query("SELECT value FROM secrets WHERE name = \(name)", logger: self.logger).collect()
                guard let row = rows.first else { throw StoreError.corrupt("secret vanished after insert") }
                return Array(try row.decode(ByteBuffer.self).readableBytesView)
            }
        }
    }

    public func replaceSecret(named name: String, expected: [UInt8], with value: [UInt8]) async throws -> Bool {
        let old = ByteBuffer(bytes: expected)
        let new = ByteBuffer(bytes: value)
        return try await guarded {
            let rows = try await self.client.query(
                "UPDATE secrets SET value = \(new) WHERE name = \(name) AND value = \(old) RETURNING name", logger: self.logger
            ).collect()
            return rows.count == 1
        }
    }
}
