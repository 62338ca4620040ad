import AccordCore
import Foundation
import Hummingbird

/// A property's webhook endpoints (scope `admin`): create (the secret shown once), list, read, change, delete,
/// rotate the secret, pause and resume, replay, test, and the attempt log.
struct AdminWebhooksController {
    let editor: ConfigurationEditor
    let store: any Outbox & WebhookEndpointStore & AuditAppending
    let secrets: WebhookSecretBox
    let rule: WebhookURLRule
    let hosts: any HostResolver
    /// The operations the console shares.
    var administration: WebhookAdministration { WebhookAdministration(store: store, secrets: secrets, rule: rule, hosts: hosts) }

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.post("/v1/admin/properties/:property/webhooks", use: create)
        router.get("/v1/admin/properties/:property/webhooks", use: list)
        router.get("/v1/admin/properties/:property/webhooks/:webhook", use: read)
        router.patch("/v1/admin/properties/:property/webhooks/:webhook", use: update)
        router.delete("/v1/admin/properties/:property/webhooks/:webhook", use: delete)
        router.post("/v1/admin/properties/:property/webhooks/:webhook/rotate-secret", use: rotate)
        router.post("/v1/admin/properties/:property/webhooks/:webhook/pause", use: pause)
        router.post("/v1/admin/properties/:property/webhooks/:webhook/resume", use: resume)
        router.post("/v1/admin/properties/:property/webhooks/:webhook/replay", use: replay)
        router.post("/v1/admin/properties/:property/webhooks/:webhook/test", use: test)
        router.get("/v1/admin/properties/:property/webhooks/:webhook/deliveries", use: deliveries)
    }

    struct CreateBody: Decodable {
        var url: String
        var events: [String]
        var description: String?
    }

    struct UpdateBody: Decodable {
        var url: String?
        var events: [String]?
        var description: String?
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
        let (endpoint, secret) = try await administration.create(
            in: property.id, url: body.url, events: body.events, description: body.description, by: context.actor, at: Date())
        return try JSONBody.response(WebhookBodyView(endpoint, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let paging = try ListPaging(request, cursor: .webhookID)
        let page = try await store.webhookEndpoints(of: property.id, after: paging.cursor, limit: paging.limit)
        let next = page.count == paging.limit ? page.last?.id : nil
        return try JSONBody.response(CursorPage("webhooks", page.map { WebhookBodyView($0) }, nextCursor: next))
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try JSONBody.response(WebhookBodyView(try await endpoint(context)))
    }

    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let before = try await endpoint(context)
        var endpoint = before
        let body = try await JSONBody.decode(UpdateBody.self, from: request, context: context)
        if let url = body.url { endpoint.url = try await administration.checked(url: url) }
        if let events = body.events { endpoint.events = try WebhookAdministration.checked(events: events) }
        if body.description != nil {
            try WebhookAdministration.check(description: body.description)
            endpoint.description = body.description
        }
        endpoint.updatedAt = Date()
        try await administration.update(before, to: endpoint, by: context.actor, at: endpoint.updatedAt)
        return try JSONBody.response(WebhookBodyView(endpoint))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await administration.delete(try await endpoint(context), by: context.actor, at: Date())
        return Response(status: .noContent)
    }

    /// A new secret; the old one keeps signing (a second signature in the header) for 24 hours.
    @Sendable func rotate(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (endpoint, secret) = try await administration.rotate(try await endpoint(context), by: context.actor, at: Date())
        return try JSONBody.response(WebhookBodyView(endpoint, secret: secret))
    }

    @Sendable func pause(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await setStatus(.paused, context)
    }

    /// Back to active: everything queued meanwhile is sent, in order.
    @Sendable func resume(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try await setStatus(.active, context)
    }

    struct ReplayBody: Decodable {
        var since: String
    }

    /// Sends again every message queued for the endpoint since a time, with the same message ids.
    @Sendable func replay(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let endpoint = try await endpoint(context)
        let body = try await JSONBody.decode(ReplayBody.self, from: request, context: context)
        let count = try await administration.replay(endpoint, since: body.since, by: context.actor, at: Date())
        return try JSONBody.response(["requeued": count], status: .accepted)
    }

    /// Queues a `webhook.test` message for the endpoint.
    @Sendable func test(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let id = try await administration.test(try await endpoint(context), by: context.actor, at: Date())
        return try JSONBody.response(["messageId": id], status: .accepted)
    }

    struct AttemptView: Encodable {
        var messageId: String
        var type: String
        var attempt: Int
        var attemptedAt: String
        var statusCode: Int?
        var error: String?
        var latencyMs: Int64
        var nextAttemptAt: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(messageId, forKey: .messageId)
            try container.encode(type, forKey: .type)
            try container.encode(attempt, forKey: .attempt)
            try container.encode(attemptedAt, forKey: .attemptedAt)
            try container.encode(statusCode, forKey: .statusCode)
            try container.encode(error, forKey: .error)
            try container.encode(latencyMs, forKey: .latencyMs)
            try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        }

        enum CodingKeys: String, CodingKey { case messageId, type, attempt, attemptedAt, statusCode, error, latencyMs, nextAttemptAt }
    }

    /// Every attempt, newest first.
    @Sendable func deliveries(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let endpoint = try await endpoint(context)
        let paging = try ListPaging(request, cursor: .sequence)
        let page = try await store.attempts(to: endpoint.id, before: paging.sequence, limit: paging.limit)
        let views = page.map {
            AttemptView(
                messageId: $0.messageID, type: $0.type, attempt: $0.number, attemptedAt: $0.report.at.rfc3339,
                statusCode: $0.report.statusCode, error: $0.report.error, latencyMs: $0.report.latencyMilliseconds,
                nextAttemptAt: $0.nextAttemptAt?.rfc3339)
        }
        let next = page.count == paging.limit ? page.last.map { String($0.sequence) } : nil
        return try JSONBody.response(CursorPage("deliveries", views, nextCursor: next))
    }

    private func setStatus(_ status: WebhookEndpointStatus, _ context: AdminRequestContext) async throws -> Response {
        let endpoint = try await administration.setStatus(status, of: try await endpoint(context), by: context.actor, at: Date())
        return try JSONBody.response(WebhookBodyView(endpoint))
    }

    private func endpoint(_ context: AdminRequestContext) async throws -> WebhookEndpoint {
        let property = try await editor.property(context)
        let id = try context.parameters.require("webhook")
        guard let endpoint = try await store.webhookEndpoint(id, of: property.id) else {
            throw APIError(.notFound, code: "webhook_not_found", message: "no webhook endpoint with id '\(id)'")
        }
        return endpoint
    }
}

/// An endpoint as the API shows it; the secret only in the answers that create it (create, rotate-secret).
struct WebhookBodyView: Encodable {
    var id: String
    var url: String
    var events: [String]
    var description: String?
    var status: String
    var createdAt: String
    var updatedAt: String
    var previousSecretExpiresAt: String?
    var secret: String?

    init(_ endpoint: WebhookEndpoint, secret: String? = nil) {
        id = endpoint.id
        url = endpoint.url
        events = endpoint.events.map(\.rawValue)
        description = endpoint.description
        status = endpoint.status.rawValue
        createdAt = endpoint.createdAt.rfc3339
        updatedAt = endpoint.updatedAt.rfc3339
        previousSecretExpiresAt = endpoint.previousSecretExpiresAt?.rfc3339
        self.secret = secret
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(url, forKey: .url)
        try container.encode(events, forKey: .events)
        try container.encode(description, forKey: .description)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(previousSecretExpiresAt, forKey: .previousSecretExpiresAt)
        try container.encodeIfPresent(secret, forKey: .secret)
    }

    enum CodingKeys: String, CodingKey { case id, url, events, description, status, createdAt, updatedAt, previousSecretExpiresAt, secret }
}
