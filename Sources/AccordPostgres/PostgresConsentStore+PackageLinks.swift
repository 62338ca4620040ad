import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// E-mailed access-package links (`PackageLinks`). Migration `2026-11-30-package-links`.
    static let packageLinks: [String] = [
        """
        CREATE TABLE package_links (
            token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
            property_id text NOT NULL,
            request_id text NOT NULL,
            sealed bytea,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            used_at bigint
        )
        """,
        "CREATE INDEX package_links_pending ON package_links (expires_at) WHERE sealed IS NOT NULL",
    ]

    static let packageLinkColumns = "token_hash, property_id, request_id, sealed, created_at, expires_at, used_at"

    /// `PackageLinks`.
    public func savePackageLink(_ link: PackageLink) async throws {
        try await guarded {
            _ = try await self.client.query(
                """
                INSERT INTO package_links (\(unescaped: Self.packageLinkColumns))
                VALUES (\(ByteBuffer(bytes: link.hash)), \(link.property.rawValue), \(link.request), \(link.sealed.map { ByteBuffer(bytes: $0) }),
                    \(link.createdAt.millisecondsSince1970), \(link.expiresAt.millisecondsSince1970), \(link.usedAt?.millisecondsSince1970))
                """,
                logger: self.logger
            ).collect()
        }
    }

    /// `PackageLinks`: the row is locked (`FOR UPDATE`) while it is read and marked, so of two downloads at once
    /// one gets the package and the other finds the link used.
    public func takePackageLink(hash: [UInt8], now: Date) async throws -> PackageLinkTake {
        let key = ByteBuffer(bytes: hash)
        return try await guarded {
            try await self.transaction { connection in
                let rows = try await connection.query(
                    "SELECT \(unescaped: Self.packageLinkColumns) FROM package_links WHERE token_hash = \(key) FOR UPDATE",
                    logger: self.logger)
                var found: PackageLink?
                for try await row in rows { found = try Self.packageLink(row.makeRandomAccess()) }
                guard let link = found else { return .unknown }
                if link.usedAt != nil { return .used }
                if link.expiresAt <= now {
                    _ = try await connection.query("UPDATE package_links SET sealed = NULL WHERE token_hash = \(key)", logger: self.logger)
                        .collect()
                    return .expired
                }
                _ = try await connection.query(
                    "UPDATE package_links SET sealed = NULL, used_at = \(now.millisecondsSince1970) WHERE token_hash = \(key)",
                    logger: self.logger
                ).collect()
                return .package(link)
            }
        }
    }

    /// `PackageLinks`: due rows locked with `FOR UPDATE SKIP LOCKED`, so two instances sweeping at once take
    /// disjoint links.
    public func expirePackageLinks(now: Date, limit: Int) async throws -> [PackageLink] {
        try await guarded {
            try await self.transaction { connection in
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: Self.packageLinkColumns) FROM package_links
                    WHERE sealed IS NOT NULL AND expires_at <= \(now.millisecondsSince1970)
                    ORDER BY expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
                    """,
                    logger: self.logger)
                var links: [PackageLink] = []
                for try await row in rows { links.append(try Self.packageLink(row.makeRandomAccess())) }
                for link in links {
                    _ = try await connection.query(
                        "UPDATE package_links SET sealed = NULL WHERE token_hash = \(ByteBuffer(bytes: link.hash))", logger: self.logger
                    ).collect()
                }
                return links
            }
        }
    }

    static func packageLink(_ row: PostgresRandomAccessRow) throws -> PackageLink {
        do {
            return PackageLink(
                hash: Array(buffer: try row["token_hash"].decode(ByteBuffer.self)),
                property: PropertyID(rawValue: try row["property_id"].decode(String.self)),
                request: try row["request_id"].decode(String.self),
                sealed: try row["sealed"].decode(ByteBuffer?.self).map { Array(buffer: $0) },
                createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
                expiresAt: Date(millisecondsSince1970: try row["expires_at"].decode(Int64.self)),
                usedAt: try row["used_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
        } catch {
            throw StoreError.corrupt("package_links holds an invalid row")
        }
    }
}
