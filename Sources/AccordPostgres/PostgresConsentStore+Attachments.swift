import AccordCore
import Foundation
import NIOCore
import PostgresNIO

extension PostgresConsentStore {
    /// Webhook answers' data and manual tasks' results and files, sealed (`ConnectorAttachments`). Migration
    /// `2026-11-30-connector-attachments`.
    static let connectorAttachments: [String] = [
        """
        CREATE TABLE connector_attachments (
            id text PRIMARY KEY,
            property_id text NOT NULL,
            request_id text NOT NULL,
            system_key text NOT NULL,
            kind text NOT NULL CHECK (kind IN ('data', 'text', 'file')),
            name text,
            content_type text,
            sealed bytea NOT NULL,
            created_at bigint NOT NULL,
            seq bigserial NOT NULL
        )
        """,
        "CREATE INDEX connector_attachments_request ON connector_attachments (property_id, request_id, created_at, seq)",
    ]

    public func saveConnectorAttachment(_ attachment: ConnectorAttachment) async throws {
        let sealed = ByteBuffer(bytes: attachment.sealed)
        try await guarded {
            try await self.client.query(
                """
                INSERT INTO connector_attachments
                    (id, property_id, request_id, system_key, kind, name, content_type, sealed, created_at)
                VALUES (\(attachment.id), \(attachment.property.rawValue), \(attachment.request), \(attachment.system),
                    \(attachment.kind.rawValue), \(attachment.name), \(attachment.contentType), \(sealed),
                    \(attachment.createdAt.millisecondsSince1970))
                ON CONFLICT (id) DO NOTHING
                """,
                logger: self.logger)
        }
    }

    public func connectorAttachments(of request: String, in property: PropertyID) async throws -> [ConnectorAttachment] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT id, system_key, kind, name, content_type, sealed, created_at FROM connector_attachments
                WHERE property_id = \(property.rawValue) AND request_id = \(request) ORDER BY created_at, seq
                """,
                logger: self.logger)
            var attachments: [ConnectorAttachment] = []
            for try await (id, system, kindText, name, contentType, sealed, created) in rows.decode(
                (String, String, String, String?, String?, ByteBuffer, Int64).self)
            {
                guard let kind = ConnectorAttachment.Kind(rawValue: kindText) else {
                    throw StoreError.corrupt("connector_attachments.kind '\(kindText)'")
                }
                attachments.append(
                    ConnectorAttachment(
                        id: id, property: property, request: request, system: system, kind: kind, name: name, contentType: contentType,
                        sealed: Array(sealed.readableBytesView), createdAt: Date(millisecondsSince1970: created)))
            }
            return attachments
        }
    }

    public func deleteConnectorAttachments(ofRequester requester: SubjectKey, in property: PropertyID) async throws -> Int {
        let key = ByteBuffer(bytes: requester.bytes)
        return try await guarded {
            try await self.client.query(
                """
                DELETE FROM connector_attachments WHERE property_id = \(property.rawValue) AND request_id IN
                    (SELECT id FROM privacy_requests WHERE property_id = \(property.rawValue) AND requester = \(key))
                RETURNING 1
                """,
                logger: self.logger
            ).collect().count
        }
    }
}
