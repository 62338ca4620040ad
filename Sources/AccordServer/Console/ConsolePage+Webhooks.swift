import AccordCore
import Foundation

extension ConsolePage {
    /// A property's webhook endpoints and the form to add one.
    struct Webhooks: Sendable {
        struct Row: Sendable {
            var href: String
            var url: String
            var events: String
            var status: String
            var description: String
        }
        struct EventType: Sendable {
            var value: String
            var checked: Bool
        }
        /// A secret shown this once, after a creation.
        struct Secret: Sendable {
            var url: String
            var secret: String
        }
        var csrf: String
        var canEdit: Bool
        var properties: [Dashboard.Choice]
        var propertyName: String
        var createAction: String
        var rows: [Row]
        var secret: Secret?
        var eventTypes: [EventType]
        var urlValue: String
        var urlError: String?
        var eventsError: String?
        var descriptionValue: String
        var descriptionError: String?
    }

    /// One endpoint: its state, the actions on it and its delivery log.
    struct Webhook: Sendable {
        struct Attempt: Sendable {
            var time: String
            var type: String
            var message: String
            var number: Int
            var outcome: String
            var latency: String
            var next: String
        }
        var csrf: String
        var canEdit: Bool
        var listHref: String
        var url: String
        var status: String
        var events: String
        var description: String
        var created: String
        var updated: String
        var previousSecretExpires: String?
        /// The new secret after a rotation, shown this once.
        var secret: String?
        /// Pause for an endpoint that sends, resume for one that does not.
        var statusAction: String
        var statusLabel: String
        var rotateAction: String
        var testAction: String
        var replayAction: String
        var sinceValue: String
        var sinceError: String?
        var attempts: [Attempt]
    }

    /// What a refused creation form sent, with the message for its field.
    struct WebhookDraft: Sendable {
        var url: String
        var events: [String]
        var description: String
        var field: String = "url"
        var message: String?
    }

    /// The endpoint's page.
    static func webhookHref(_ endpoint: WebhookEndpoint) -> String {
        "/console/webhooks/\(endpoint.property.rawValue)/\(endpoint.id)"
    }
}

extension ConsolePage.Model {
    static func webhooksPage(
        property: Property, properties: [Property], endpoints: [WebhookEndpoint], canEdit: Bool, csrf: String,
        chrome: ConsolePage.Chrome, secret: ConsolePage.Webhooks.Secret? = nil, draft: ConsolePage.WebhookDraft? = nil
    ) -> Self {
        var model = Self(title: "Webhooks", chrome: chrome)
        let checked = Set(draft?.events ?? WebhookEventType.known.filter { $0 != .webhookTest }.map(\.rawValue))
        model.webhooks = ConsolePage.Webhooks(
            csrf: csrf, canEdit: canEdit,
            properties: properties.map { .init(id: $0.id.rawValue, name: $0.name, selected: $0.id == property.id) },
            propertyName: property.name, createAction: "/console/webhooks/\(property.id.rawValue)",
            rows: endpoints.map {
                .init(
                    href: ConsolePage.webhookHref($0), url: $0.url, events: $0.events.map(\.rawValue).joined(separator: ", "),
                    status: $0.status.rawValue, description: $0.description ?? "")
            },
            secret: secret,
            eventTypes: WebhookEventType.known.map { .init(value: $0.rawValue, checked: checked.contains($0.rawValue)) },
            urlValue: draft?.url ?? "", urlError: draft?.field == "url" ? draft?.message : nil,
            eventsError: draft?.field == "events" ? draft?.message : nil, descriptionValue: draft?.description ?? "",
            descriptionError: draft?.field == "description" ? draft?.message : nil)
        return model
    }

    static func webhookPage(
        _ endpoint: WebhookEndpoint, attempts: [DeliveryAttempt], canEdit: Bool, csrf: String, chrome: ConsolePage.Chrome,
        notice: String?, secret: String?, sinceValue: String, sinceError: String?
    ) -> Self {
        var model = Self(title: "Webhook \(endpoint.url)", chrome: chrome)
        model.notice = notice
        let href = ConsolePage.webhookHref(endpoint)
        let sends = endpoint.status == .active
        model.webhook = ConsolePage.Webhook(
            csrf: csrf, canEdit: canEdit, listHref: "/console/webhooks?property=\(endpoint.property.rawValue)", url: endpoint.url,
            status: endpoint.status.rawValue, events: endpoint.events.map(\.rawValue).joined(separator: ", "),
            description: endpoint.description ?? "", created: endpoint.createdAt.rfc3339, updated: endpoint.updatedAt.rfc3339,
            previousSecretExpires: endpoint.previousSecretExpiresAt?.rfc3339, secret: secret,
            statusAction: "\(href)/\(sends ? "pause" : "resume")", statusLabel: sends ? "Pause" : "Resume",
            rotateAction: "\(href)/rotate", testAction: "\(href)/test", replayAction: "\(href)/replay", sinceValue: sinceValue,
            sinceError: sinceError,
            attempts: attempts.map { attempt in
                let outcome =
                    attempt.report.statusCode.map { "HTTP \($0)" } ?? attempt.report.error.map { "No answer: \($0)" } ?? "No answer"
                return .init(
                    time: attempt.report.at.rfc3339, type: attempt.type, message: attempt.messageID, number: attempt.number,
                    outcome: outcome, latency: "\(attempt.report.latencyMilliseconds) ms",
                    next: attempt.nextAttemptAt?.rfc3339 ?? "none")
            })
        return model
    }
}
