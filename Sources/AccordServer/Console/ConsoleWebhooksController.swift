import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Webhook endpoints in the console: every role sees them and their delivery log; owners and editors create them
/// (the secret shown once), pause and resume, rotate the secret (shown once), send a test and replay. Every change
/// goes through `WebhookAdministration`, as the admin API's do.
struct ConsoleWebhooksController {
    let administration: WebhookAdministration
    let configuration: any ConfigurationStore
    let forms: ConsoleForms
    let now: @Sendable () -> Date
    var pages = PageRenderer.shared

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/webhooks", use: list)
        viewing.get("/console/webhooks/:property/:webhook", use: detail)
        configuring.post("/console/webhooks/:property", use: create)
        configuring.post("/console/webhooks/:property/:webhook/pause") { try await setStatus(.paused, $0, $1) }
        configuring.post("/console/webhooks/:property/:webhook/resume") { try await setStatus(.active, $0, $1) }
        configuring.post("/console/webhooks/:property/:webhook/rotate", use: rotate)
        configuring.post("/console/webhooks/:property/:webhook/test", use: test)
        configuring.post("/console/webhooks/:property/:webhook/replay", use: replay)
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok,
        _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    ) -> Response {
        forms.page(context, section: "/console/webhooks", status: status, pages: pages, build)
    }

    private func properties() async throws -> [Property] {
        try await configuration.properties().filter { !$0.isArchived }
    }

    private func property(_ id: String?) async throws -> Property {
        guard let id, let property = try await configuration.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }

    private func endpoints(of property: PropertyID) async throws -> [WebhookEndpoint] {
        try await administration.store.webhookEndpoints(of: property, after: nil, limit: 500)
    }

    // MARK: List and create

    @Sendable func list(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let all = try await properties()
        let wanted = request.uri.queryParameters["property"].map(String.init)
        guard let property = all.first(where: { $0.id.rawValue == wanted }) ?? (wanted == nil ? all.first : nil) else {
            throw ConsoleRefusal.notFound
        }
        let endpoints = try await endpoints(of: property.id)
        return render(context) { csrf, chrome in
            .webhooksPage(
                property: property, properties: all, endpoints: endpoints, canEdit: context.user.role.grants(.configure), csrf: csrf,
                chrome: chrome)
        }
    }

    @Sendable func create(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let property = try await property(context.parameters.get("property"))
        let draft = ConsolePage.WebhookDraft(
            url: (form["url"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines), events: form["event"] ?? [],
            description: (form["description"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        do {
            let (endpoint, secret) = try await administration.create(
                in: property.id, url: draft.url, events: draft.events, description: draft.description.isEmpty ? nil : draft.description,
                by: context.actor, at: now())
            let endpoints = try await endpoints(of: property.id)
            let all = try await properties()
            var response = render(context) { csrf, chrome in
                .webhooksPage(
                    property: property, properties: all, endpoints: endpoints, canEdit: true, csrf: csrf, chrome: chrome,
                    secret: .init(url: endpoint.url, secret: secret))
            }
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        } catch let error as APIError {
            var draft = draft
            draft.field = error.field.map { $0.hasPrefix("events") ? "events" : $0 } ?? "url"
            draft.message = error.message
            let endpoints = try await endpoints(of: property.id)
            let all = try await properties()
            return render(context, status: .unprocessableContent) { csrf, chrome in
                .webhooksPage(
                    property: property, properties: all, endpoints: endpoints, canEdit: true, csrf: csrf, chrome: chrome, draft: draft)
            }
        }
    }

    // MARK: One endpoint

    private func endpoint<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>) async throws -> WebhookEndpoint {
        let property = try await property(context.parameters.get("property"))
        guard let id = context.parameters.get("webhook"), let endpoint = try await administration.store.webhookEndpoint(id, of: property.id)
        else { throw ConsoleRefusal.notFound }
        return endpoint
    }

    private func detailPage<Need: ConsoleNeed>(
        _ endpoint: WebhookEndpoint, _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, notice: String? = nil,
        secret: String? = nil, sinceValue: String = "", sinceError: String? = nil
    ) async throws -> Response {
        let attempts = try await administration.store.attempts(to: endpoint.id, before: nil, limit: 50)
        var response = render(context, status: status) { csrf, chrome in
            .webhookPage(
                endpoint, attempts: attempts, canEdit: context.user.role.grants(.configure), csrf: csrf, chrome: chrome, notice: notice,
                secret: secret, sinceValue: sinceValue, sinceError: sinceError)
        }
        if secret != nil { response.headers[.referrerPolicy] = "no-referrer" }
        return response
    }

    @Sendable func detail(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let notices = ["paused": "Paused: messages queue until you resume.", "active": "Resumed: what queued meanwhile is sent, in order."]
        let notice = request.uri.queryParameters["done"].flatMap { notices[String($0)] }
        return try await detailPage(try await endpoint(context), context, notice: notice)
    }

    private func setStatus(_ status: WebhookEndpointStatus, _ request: Request, _ context: ConsoleConfigureContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let endpoint = try await administration.setStatus(status, of: try await endpoint(context), by: context.actor, at: now())
        return Response(
            status: .seeOther,
            headers: [.location: ConsolePage.webhookHref(endpoint) + "?done=\(status.rawValue)", .cacheControl: "no-store"])
    }

    @Sendable func rotate(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let (endpoint, secret) = try await administration.rotate(try await endpoint(context), by: context.actor, at: now())
        return try await detailPage(endpoint, context, secret: secret)
    }

    @Sendable func test(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let endpoint = try await endpoint(context)
        let id = try await administration.test(endpoint, by: context.actor, at: now())
        return try await detailPage(
            endpoint, context, notice: "Test message \(id) queued; its attempts appear in the delivery log below.")
    }

    @Sendable func replay(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let endpoint = try await endpoint(context)
        let since = (form["since"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let count = try await administration.replay(endpoint, since: since, by: context.actor, at: now())
            return try await detailPage(
                endpoint, context, notice: "\(count) message\(count == 1 ? "" : "s") queued again since \(since).")
        } catch let error as APIError {
            return try await detailPage(endpoint, context, status: .unprocessableContent, sinceValue: since, sinceError: error.message)
        }
    }
}
