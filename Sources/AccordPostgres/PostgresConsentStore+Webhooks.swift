import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func saveWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws {
        try await guarded {
            try await self.client.query(
                """
                INSERT INTO webhook_endpoints (id, property_id, url, events, description, status, secret, previous_secret,
                    previous_secret_expires_at, created_at, updated_at)
                VALUES (\(endpoint.id), \(endpoint.property.rawValue), \(endpoint.url), \(endpoint.events.map(\.rawValue))::text[],
                    \(endpoint.description), \(endpoint.status.rawValue), \(ByteBuffer(bytes: endpoint.secret)),
                    \(endpoint.previousSecret.map { ByteBuffer(bytes: $0) }), \(endpoint.previousSecretExpiresAt?.millisecondsSince1970),
                    \(endpoint.createdAt.millisecondsSince1970), \(endpoint.updatedAt.millisecondsSince1970))
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, events = excluded.events,
                    description = excluded.description, status = excluded.status, secret = excluded.secret,
                    previous_secret = excluded.previous_secret, previous_secret_expires_at = excluded.previous_secret_expires_at,
                    updated_at = excluded.updated_at
                """,
                logger: self.logger)
        }
    }

    public func webhookEndpoint(_ id: String, of property: PropertyID) async throws -> WebhookEndpoint? {
        try await guarded {
            try await PostgresWebhooks.endpoints(
                self.client.query(
                    "SELECT * FROM webhook_endpoints WHERE id = \(id) AND property_id = \(property.rawValue)", logger: self.logger)
            ).first
        }
    }

    public func webhookEndpoints(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [WebhookEndpoint] {
        try await guarded {
            try await PostgresWebhooks.endpoints(
                self.client.query(
                    """
                    SELECT * FROM webhook_endpoints WHERE property_id = \(property.rawValue) AND id > \(cursor ?? "")
                    ORDER BY id LIMIT \(limit)
                    """,
                    logger: self.logger))
        }
    }

    public func webhookEndpoints(withStatus statuses: [WebhookEndpointStatus]) async throws -> [WebhookEndpoint] {
        try await guarded {
            try await PostgresWebhooks.endpoints(
                self.client.query(
                    "SELECT * FROM webhook_endpoints WHERE status = ANY(\(statuses.map(\.rawValue))::text[]) ORDER BY id",
                    logger: self.logger))
        }
    }

    public func deleteWebhookEndpoint(_ id: String, of property: PropertyID) async throws -> Bool {
        try await guarded {
            try await self.transaction { connection in
                let rows = try await connection.query(
                    "DELETE FROM webhook_endpoints WHERE id = \(id) AND property_id = \(property.rawValue) RETURNING id",
                    logger: self.logger)
                var deleted = false
                for try await _ in rows { deleted = true }
                guard deleted else { return false }
                try await connection.query(
                    "DELETE FROM outbox_deliveries WHERE destination = \(id) AND status = 'pending'", logger: self.logger)
                return true
            }
        }
    }
}

/// Endpoint rows, shared with the consent append that reads them in its transaction.
enum PostgresWebhooks {
    /// The endpoints of `properties`, whatever their status: new messages are queued for all of them.
    static func queueing(_ properties: [PropertyID], on connection: PostgresConnection, logger: Logger) async throws
        -> [WebhookEndpoint]
    {
        guard !properties.isEmpty else { return [] }
        return try await endpoints(
            connection.query(
                """
                SELECT * FROM webhook_endpoints
                WHERE property_id = ANY(\(properties.map(\.rawValue))::text[]) ORDER BY id
                """,
                logger: logger))
    }

    static func endpoints(_ rows: PostgresRowSequence) async throws -> [WebhookEndpoint] {
        var result: [WebhookEndpoint] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            guard let status = WebhookEndpointStatus(rawValue: try row["status"].decode(String.self)) else {
                throw StoreError.corrupt("webhook_endpoints holds an invalid status")
            }
            result.append(
                WebhookEndpoint(
                    id: try row["id"].decode(String.self), property: PropertyID(rawValue: try row["property_id"].decode(String.self)),
                    url: try row["url"].decode(String.self),
                    events: try row["events"].decode([String].self).map(WebhookEventType.init(rawValue:)),
                    description: try row["description"].decode(String?.self), status: status,
                    secret: Array(buffer: try row["secret"].decode(ByteBuffer.self)),
                    previousSecret: try row["previous_secret"].decode(ByteBuffer?.self).map { Array(buffer: $0) },
                    previousSecretExpiresAt: try row["previous_secret_expires_at"].decode(Int64?.self)
                        .map(Date.init(millisecondsSince1970:)),
                    createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
                    updatedAt: Date(millisecondsSince1970: try row["updated_at"].decode(Int64.self))))
        }
        return result
    }
}
