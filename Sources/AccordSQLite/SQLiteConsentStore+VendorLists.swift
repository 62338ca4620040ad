import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveGVL(_ list: GlobalVendorList, of property: PropertyID, audit: AuditEntry) async throws {
        let document = try StoredJSON.text(list)
        try await guarded {
            try await pool.write { db in
                try Self.upsert(document, version: list.vendorListVersion, of: property, updatedAt: audit.recordedAt, db: db)
                try Self.append(audit, db: db)
            }
        }
    }

    public func gvl(of property: PropertyID) async throws -> GlobalVendorList? {
        try await guarded {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT document FROM vendor_lists WHERE property_id = ?", arguments: [property.rawValue])
            }.map { try StoredJSON.decode(GlobalVendorList.self, from: $0, what: "vendor list") }
        }
    }

    public func importGVL(_ list: GlobalVendorList, of property: PropertyID, updatedAt: Date) async throws {
        let document = try StoredJSON.text(list)
        try await guarded {
            try await pool.write { db in
                try Self.upsert(document, version: list.vendorListVersion, of: property, updatedAt: updatedAt, db: db)
            }
        }
    }

    private static func upsert(_ document: String, version: Int, of property: PropertyID, updatedAt: Date, db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM properties WHERE id = ?", arguments: [property.rawValue]) != nil
        else { throw StoreError.propertyNotFound(property) }
        try db.execute(
            sql: """
                INSERT INTO vendor_lists (property_id, vendor_list_version, document, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (property_id) DO UPDATE SET vendor_list_version = excluded.vendor_list_version,
                    document = excluded.document, updated_at = excluded.updated_at
                """,
            arguments: [property.rawValue, version, document, updatedAt.millisecondsSince1970])
    }
}
