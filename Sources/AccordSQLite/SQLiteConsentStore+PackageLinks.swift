import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// E-mailed access-package links (`PackageLinks`). Migration `2026-11-30-package-links`.
    static let packageLinks = """
        CREATE TABLE package_links (
            token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
            property_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            sealed BLOB,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER
        );
        CREATE INDEX package_links_pending ON package_links (expires_at) WHERE sealed IS NOT NULL;
        """

    /// `PackageLinks`.
    public func savePackageLink(_ link: PackageLink) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO package_links (token_hash, property_id, request_id, sealed, created_at, expires_at, used_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        Data(link.hash), link.property.rawValue, link.request, link.sealed.map { Data($0) },
                        link.createdAt.millisecondsSince1970, link.expiresAt.millisecondsSince1970, link.usedAt?.millisecondsSince1970,
                    ])
            }
        }
    }

    /// `PackageLinks`: read and marked in one write transaction (the single writer makes it atomic).
    public func takePackageLink(hash: [UInt8], now: Date) async throws -> PackageLinkTake {
        try await guarded {
            try await pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM package_links WHERE token_hash = ?", arguments: [Data(hash)]) else {
                    return .unknown
                }
                let link = try Self.packageLink(row)
                if link.usedAt != nil { return .used }
                if link.expiresAt <= now {
                    try db.execute(sql: "UPDATE package_links SET sealed = NULL WHERE token_hash = ?", arguments: [Data(hash)])
                    return .expired
                }
                try db.execute(
                    sql: "UPDATE package_links SET sealed = NULL, used_at = ? WHERE token_hash = ?",
                    arguments: [now.millisecondsSince1970, Data(hash)])
                return .package(link)
            }
        }
    }

    /// `PackageLinks`.
    public func expirePackageLinks(now: Date, limit: Int) async throws -> [PackageLink] {
        try await guarded {
            try await pool.write { db in
                let links = try Row.fetchAll(
                    db, sql: "SELECT * FROM package_links WHERE sealed IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?",
                    arguments: [now.millisecondsSince1970, limit]
                ).map(Self.packageLink)
                for link in links {
                    try db.execute(sql: "UPDATE package_links SET sealed = NULL WHERE token_hash = ?", arguments: [Data(link.hash)])
                }
                return links
            }
        }
    }

    static func packageLink(_ row: Row) throws -> PackageLink {
        let hash: Data = try cell(row, "package_links", "token_hash")
        let sealed: Data? = try cell(row, "package_links", "sealed")
        let used: Int64? = try cell(row, "package_links", "used_at")
        return PackageLink(
            hash: Array(hash), property: PropertyID(rawValue: try cell(row, "package_links", "property_id")),
            request: try cell(row, "package_links", "request_id"), sealed: sealed.map { Array($0) },
            createdAt: Date(millisecondsSince1970: try cell(row, "package_links", "created_at")),
            expiresAt: Date(millisecondsSince1970: try cell(row, "package_links", "expires_at")),
            usedAt: used.map(Date.init(millisecondsSince1970:)))
    }
}
