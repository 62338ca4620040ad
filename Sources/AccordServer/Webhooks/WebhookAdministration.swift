import AccordCore
import Foundation

/// What the admin API and the console do to a property's webhook endpoints, in one place, so the console has no
/// second path to the store: the URL rule, the event types, the secret sealed under the root key and shown once.
/// Refusals are `APIError`s naming the field, which the API answers as they are and the console prints beside it.
/// Every change is audited under its actor in the property's configuration chain (never with a secret).
struct WebhookAdministration: Sendable {
    let store: any Outbox & WebhookEndpointStore & AuditAppending
    let secrets: WebhookSecretBox
    let rule: WebhookURLRule
    let hosts: any HostResolver

    /// A new active endpoint and its signing secret, which nothing shows again.
    func create(in property: PropertyID, url: String, events: [String], description: String?, by actor: String, at now: Date)
        async throws -> (endpoint: WebhookEndpoint, secret: String)
    {
        let url = try await checked(url: url)
        let events = try Self.checked(events: events)
        try Self.check(description: description)
        let id = WebhookEndpoint.newID()
        let secret = WebhookSignature.newSecret()
        let endpoint = WebhookEndpoint(
            id: id, property: property, url: url, events: events, description: description, status: .active,
            secret: try secrets.seal(secret, endpoint: id), createdAt: now, updatedAt: now)
        try await store.saveWebhookEndpoint(endpoint)
        try await audit("webhook.create", endpoint, before: nil, after: endpoint, by: actor, at: now)
        return (endpoint, secret)
    }

    /// A changed address, event list or description.
    func update(_ endpoint: WebhookEndpoint, to changed: WebhookEndpoint, by actor: String, at now: Date) async throws {
        try await store.saveWebhookEndpoint(changed)
        try await audit("webhook.update", changed, before: endpoint, after: changed, by: actor, at: now)
    }

    /// Removes the endpoint and its pending deliveries.
    func delete(_ endpoint: WebhookEndpoint, by actor: String, at now: Date) async throws {
        _ = try await store.deleteWebhookEndpoint(endpoint.id, of: endpoint.property)
        try await audit("webhook.delete", endpoint, before: endpoint, after: nil, by: actor, at: now)
    }

    /// The endpoint as its audit entries show it: everything but the secrets.
    private struct Audited: Encodable {
        var id: String
        var url: String
        var events: [String]
        var description: String?
        var status: String

        init(_ endpoint: WebhookEndpoint) {
            id = endpoint.id
            url = endpoint.url
            events = endpoint.events.map(\.rawValue)
            description = endpoint.description
            status = endpoint.status.rawValue
        }
    }

    private func audit(
        _ action: String, _ endpoint: WebhookEndpoint, before: WebhookEndpoint?, after: WebhookEndpoint?, by actor: String, at now: Date
    ) async throws {
        try await store.appendAuditEntry(
            AuditEntry(
                property: endpoint.property, actor: actor, action: action, target: endpoint.id,
                before: before.map { AuditEntry.canonicalJSON(Audited($0)) }, after: after.map { AuditEntry.canonicalJSON(Audited($0)) },
                at: now))
    }

    /// A new secret; the old one keeps signing (a second signature in the header) for 24 hours.
    func rotate(_ endpoint: WebhookEndpoint, by actor: String, at now: Date) async throws -> (endpoint: WebhookEndpoint, secret: String) {
        var endpoint = endpoint
        let rotation = try secrets.rotate(endpoint.secret, endpoint: endpoint.id, at: now)
        endpoint.previousSecret = rotation.previous
        endpoint.previousSecretExpiresAt = rotation.previousExpiresAt
        endpoint.secret = rotation.sealed
        endpoint.updatedAt = now
        try await store.saveWebhookEndpoint(endpoint)
        try await audit("webhook.rotate-secret", endpoint, before: nil, after: nil, by: actor, at: now)
        return (endpoint, rotation.secret)
    }

    /// Paused (messages queue and wait) or active again (what queued meanwhile is sent, in order).
    func setStatus(_ status: WebhookEndpointStatus, of endpoint: WebhookEndpoint, by actor: String, at now: Date) async throws
        -> WebhookEndpoint
    {
        let before = endpoint
        var endpoint = endpoint
        endpoint.status = status
        endpoint.updatedAt = now
        try await store.saveWebhookEndpoint(endpoint)
        try await audit(status == .paused ? "webhook.pause" : "webhook.resume", endpoint, before: before, after: endpoint, by: actor, at: now)
        return endpoint
    }

    /// Queues a `webhook.test` message for the endpoint; its message id.
    func test(_ endpoint: WebhookEndpoint, by actor: String, at now: Date) async throws -> String {
        var json = JSONWriter(capacity: 96)
        json.beginObject()
        json.field("endpoint", endpoint.id)
        json.field("property", endpoint.property.rawValue)
        json.endObject()
        let message = OutboxMessage(
            id: OutboxMessage.randomID(), channel: .webhook, type: WebhookEventType.webhookTest.rawValue,
            property: endpoint.property, subject: nil, payload: json.bytes, createdAt: now)
        try await store.enqueue([OutboxEntry(message: message, destinations: [endpoint.id])])
        try await audit("webhook.test", endpoint, before: nil, after: nil, by: actor, at: now)
        return message.id
    }

    /// Sends again every message queued for the endpoint since `since` (RFC 3339), with the same message ids.
    func replay(_ endpoint: WebhookEndpoint, since: String, by actor: String, at now: Date) async throws -> Int {
        guard let since = Date(rfc3339: since) else {
            throw APIError.invalid("since_invalid", "since must be an RFC 3339 time such as 2026-11-30T12:00:00Z", field: "since")
        }
        let count = try await store.requeue(destination: endpoint.id, since: since, now: now)
        try await audit("webhook.replay", endpoint, before: nil, after: nil, by: actor, at: now)
        return count
    }

    func checked(url: String) async throws -> String {
        do {
            _ = try await rule.check(url: url, resolver: hosts)
            return url
        } catch {
            throw APIError.invalid(error == .malformed ? "url_invalid" : "url_not_allowed", error.message, field: "url")
        }
    }

    static func checked(events: [String]) throws -> [WebhookEventType] {
        guard !events.isEmpty else { throw APIError.invalid("events_missing", "events must name at least one event type", field: "events") }
        guard events.count <= 32 else { throw APIError.invalid("events_too_many", "events may name at most 32 types", field: "events") }
        let known = Set(WebhookEventType.known)
        return try events.enumerated().map { index, name in
            let type = WebhookEventType(rawValue: name)
            guard known.contains(type) else {
                throw APIError.invalid(
                    "event_type_unknown",
                    "unknown event type; known types: \(WebhookEventType.known.map(\.rawValue).joined(separator: ", "))",
                    field: "events[\(index)]")
            }
            return type
        }
    }

    static func check(description: String?) throws {
        if let description, description.count > 500 {
            throw APIError.invalid("description_too_long", "description must be at most 500 characters", field: "description")
        }
    }
}
