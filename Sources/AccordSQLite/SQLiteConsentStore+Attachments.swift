import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// Webhook answers' data and manual tasks' results and files, sealed (`ConnectorAttachments`).
    static let connectorAttachments = """
        CREATE TABLE connector_attachments (
            id TEXT PRIMARY KEY,
            property_id TEXT NOT NULL,
            request_id TEXT NOT NULL,
            system_key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('data', 'text', 'file')),
            name TEXT,
            content_type TEXT,
            sealed BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX connector_attachments_request ON connector_attachments(property_id, request_id, created_at);
        """

    public func saveConnectorAttachment(_ attachment: ConnectorAttachment) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO connector_attachments
                            (id, property_id, request_id, system_key, kind, name, content_type, sealed, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                        """,
                    arguments: [
                        attachment.id, attachment.property.rawValue, attachment.request, attachment.system, attachment.kind.rawValue,
                        attachment.name, attachment.contentType, Data(attachment.sealed), attachment.createdAt.millisecondsSince1970,
                    ])
            }
        }
    }

    public func connectorAttachments(of request: String, in property: PropertyID) async throws -> [ConnectorAttachment] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM connector_attachments WHERE property_id = ? AND request_id = ?
                        ORDER BY created_at, rowid
                        """,
                    arguments: [property.rawValue, request]
                ).map(ConnectorAttachment.init(row:))
            }
        }
    }

    public func deleteConnectorAttachments(ofRequester requester: SubjectKey, in property: PropertyID) async throws -> Int {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        DELETE FROM connector_attachments WHERE property_id = ? AND request_id IN
                            (SELECT id FROM privacy_requests WHERE property_id = ? AND requester = ?)
                        """,
                    arguments: [property.rawValue, property.rawValue, Data(requester.bytes)])
                return db.changesCount
            }
        }
    }
}

extension ConnectorAttachment {
    /// Reads a `connector_attachments` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "connector_attachments", name) }
        let kindText: String = try column("kind")
        guard let kind = Kind(rawValue: kindText) else { throw StoreError.corrupt("connector_attachments.kind '\(kindText)'") }
        let sealed: Data = try column("sealed")
        let property: String = try column("property_id")
        self.init(
            id: try column("id"), property: PropertyID(rawValue: property), request: try column("request_id"),
            system: try column("system_key"), kind: kind, name: try column("name"), contentType: try column("content_type"),
            sealed: [UInt8](sealed), createdAt: Date(millisecondsSince1970: try column("created_at")))
    }
}
