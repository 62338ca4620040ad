import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO webhook_endpoints (id, property_id, url, events, description, status, secret,
                            previous_secret, previous_secret_expires_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        endpoint.id, endpoint.property.rawValue, endpoint.url, SQLiteWebhooks.eventsJSON(endpoint.events),
                        endpoint.description, endpoint.status.rawValue, Data(endpoint.secret), endpoint.previousSecret.map { Data($0) },
                        endpoint.previousSecretExpiresAt?.millisecondsSince1970, endpoint.createdAt.millisecondsSince1970,
                        endpoint.updatedAt.millisecondsSince1970,
                    ])
            }
        }
    }

    public func webhookEndpoint(_ id: String, of property: PropertyID) async throws -> WebhookEndpoint? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ? AND property_id = ?", arguments: [id, property.rawValue])
                    .map(SQLiteWebhooks.endpoint(row:))
            }
        }
    }

    public func webhookEndpoints(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [WebhookEndpoint] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM webhook_endpoints WHERE property_id = ? AND id > ? ORDER BY id LIMIT ?",
                    arguments: [property.rawValue, cursor ?? "", limit]
                ).map(SQLiteWebhooks.endpoint(row:))
            }
        }
    }

    public func webhookEndpoints(withStatus statuses: [WebhookEndpointStatus]) async throws -> [WebhookEndpoint] {
        let names = String(decoding: try JSONEncoder().encode(statuses.map(\.rawValue)), as: UTF8.self)
        return try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM webhook_endpoints WHERE status IN (SELECT value FROM json_each(?)) ORDER BY id",
                    arguments: [names]
                ).map(SQLiteWebhooks.endpoint(row:))
            }
        }
    }

    public func deleteWebhookEndpoint(_ id: String, of property: PropertyID) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM webhook_endpoints WHERE id = ? AND property_id = ?", arguments: [id, property.rawValue])
                guard db.changesCount == 1 else { return false }
                try db.execute(sql: "DELETE FROM outbox_deliveries WHERE destination = ? AND status = 'pending'", arguments: [id])
                return true
            }
        }
    }
}

/// Endpoint rows, shared with the consent append that reads them in its transaction.
enum SQLiteWebhooks {
    static func eventsJSON(_ events: [WebhookEventType]) -> String {
        String(decoding: (try? JSONEncoder().encode(events.map(\.rawValue))) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The endpoints of `properties`, whatever their status: new messages are queued for all of them.
    static func queueing(_ properties: [PropertyID], db: Database) throws -> [WebhookEndpoint] {
        guard !properties.isEmpty else { return [] }
        if properties.count == 1 {
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM webhook_endpoints WHERE property_id = ? ORDER BY id"),
                arguments: [properties[0].rawValue]
            ).map(endpoint(row:))
        }
        return try properties.flatMap { try queueing([$0], db: db) }
    }

    static func endpoint(row: Row) throws -> WebhookEndpoint {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "webhook_endpoints", name) }
        let eventsText: String = try column("events")
        guard let names = try? JSONDecoder().decode([String].self, from: Data(eventsText.utf8)),
            let status = WebhookEndpointStatus(rawValue: try column("status"))
        else { throw StoreError.corrupt("webhook_endpoints holds invalid events or status") }
        let secret: Data = try column("secret")
        let previous: Data? = try column("previous_secret")
        let previousExpiry: Int64? = try column("previous_secret_expires_at")
        return WebhookEndpoint(
            id: try column("id"), property: PropertyID(rawValue: try column("property_id")), url: try column("url"),
            events: names.map(WebhookEventType.init(rawValue:)), description: try column("description"), status: status,
            secret: [UInt8](secret), previousSecret: previous.map { [UInt8]($0) },
            previousSecretExpiresAt: previousExpiry.map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: try column("created_at")),
            updatedAt: Date(millisecondsSince1970: try column("updated_at")))
    }
}
