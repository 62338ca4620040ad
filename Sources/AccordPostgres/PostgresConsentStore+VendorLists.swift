import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func saveGVL(_ list: GlobalVendorList, of property: PropertyID, audit: AuditEntry) async throws {
        let document = try StoredJSON.text(list)
        try await guarded {
            try await self.transaction { connection in
                try await Self.upsert(
                    document, version: list.vendorListVersion, of: property, updatedAt: audit.recordedAt, on: connection,
                    logger: self.logger)
                try await Self.append(audit, on: connection, logger: self.logger)
            }
        }
    }

    public func gvl(of property: PropertyID) async throws -> GlobalVendorList? {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT document::text FROM vendor_lists WHERE property_id = \(property.rawValue)", logger: self.logger
            ).collect()
            guard let text = try rows.first?.decode(String.self) else { return nil }
            return try StoredJSON.decode(GlobalVendorList.self, from: text, what: "vendor list")
        }
    }

    public func importGVL(_ list: GlobalVendorList, of property: PropertyID, updatedAt: Date) async throws {
        let document = try StoredJSON.text(list)
        try await guarded {
            try await self.transaction { connection in
                try await Self.upsert(
                    document, version: list.vendorListVersion, of: property, updatedAt: updatedAt, on: connection, logger: self.logger)
            }
        }
    }

    private static func upsert(
        _ document: String, version: Int, of property: PropertyID, updatedAt: Date, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let known = try await connection.query("SELECT 1 FROM properties WHERE id = \(property.rawValue)", logger: logger).collect()
        guard !known.isEmpty else { throw StoreError.propertyNotFound(property) }
        try await connection.query(
            """
            INSERT INTO vendor_lists (property_id, vendor_list_version, document, updated_at)
            VALUES (\(property.rawValue), \(version), \(document)::jsonb, \(updatedAt.millisecondsSince1970))
            ON CONFLICT (property_id) DO UPDATE SET vendor_list_version = excluded.vendor_list_version,
                document = excluded.document, updated_at = excluded.updated_at
            """,
            logger: logger)
    }
}
