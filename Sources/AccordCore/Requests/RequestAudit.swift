import Foundation

/// Every change to a request is an audit entry in the property's request chain, `requests/<property>`, stored with
/// the configuration audit entries, so `accord audit verify` checks it like every other chain. The entries are the
/// request's timeline and what the metrics are recomputed from; they name the request and its facts (type, status,
/// dates, exemption) but never the requester.
public enum RequestAudit {
    /// The chain of a property's requests.
    public static func chain(of property: PropertyID) -> String { "requests/\(property.rawValue)" }

    /// The actions recorded.
    public enum Action: String, Sendable, CaseIterable {
        case received = "request.received"
        case codeSent = "request.codeSent"
        case codeRejected = "request.codeRejected"
        case verified = "request.verified"
        case transition = "request.transition"
        case assigned = "request.assigned"
        case noted = "request.noted"
        case extended = "request.extended"
        case reminded = "request.reminded"
        case dataErased = "request.dataErased"
        case optedOut = "request.optedOut"
        case fulfilmentStarted = "request.fulfilmentStarted"
        case systemAnswered = "request.systemAnswered"
        case systemFailed = "request.systemFailed"
        case packageDownloaded = "request.packageDownloaded"
        /// The access package was sealed and its single-use link e-mailed to the requester (issue 14 §4).
        case packageSent = "request.packageSent"
        case dataPointRejected = "request.dataPointRejected"
        case paused = "request.paused"
        case resumed = "request.resumed"
        /// A webhook connector was sent the request (or reminded of it); detail: system, token nonce, attempt.
        case systemDispatched = "request.systemDispatched"
        /// A webhook connector answered `inProgress` on its callback; detail: system, reason.
        case systemInProgress = "request.systemInProgress"
    }

    /// The entry for `action` on `request` (as it is after the change), from `before` (its status before).
    public static func entry(
        _ action: Action, _ request: PrivacyRequest, before: RequestStatus?, actor: String, detail: [String: String] = [:],
        at time: Date
    ) -> AuditEntry {
        var after = detail
        after["status"] = request.status.rawValue
        after["type"] = request.type.rawValue
        after["receivedAt"] = request.receivedAt.rfc3339
        if let scope = request.scope { after["scope"] = scope.rawValue }
        if let law = request.law { after["law"] = law }
        if let due = request.effectiveDueAt { after["dueAt"] = due.rfc3339 }
        if let exemption = request.exemption, action == .transition { after["exemption"] = exemption.rawValue }
        return AuditEntry(
            property: request.property, actor: actor, action: action.rawValue, target: request.id,
            before: before.map { AuditEntry.canonicalJSON(["status": $0.rawValue]) }, after: AuditEntry.canonicalJSON(after),
            at: time)
    }
}

/// One write of a request: its new state, the audit entry that records the change, the webhook type to queue for
/// the property's endpoints (if any) and the e-mails to queue, all in one transaction.
public struct RequestChange: Sendable {
    public var request: PrivacyRequest
    public var audit: AuditEntry
    public var webhook: WebhookEventType?
    public var mail: [OutboxEntry]

    public init(request: PrivacyRequest, audit: AuditEntry, webhook: WebhookEventType? = nil, mail: [OutboxEntry] = []) {
        self.request = request
        self.audit = audit
        self.webhook = webhook
        self.mail = mail
    }
}

/// The `request.*` webhook messages: pure, so each store writes them in the change's own transaction.
public enum RequestMessages {
    /// The entry for the endpoints of the request's property that queue `type`, or nil when none does.
    public static func entry(_ type: WebhookEventType, of request: PrivacyRequest, endpoints: [WebhookEndpoint], at time: Date)
        -> OutboxEntry?
    {
        let destinations = endpoints.filter { $0.property == request.property && $0.queues(type) }.map(\.id)
        guard !destinations.isEmpty else { return nil }
        var json = JSONWriter(capacity: 320)
        json.beginObject()
        json.field("channel", request.channel.rawValue)
        json.field("dueAt", request.dueAt?.rfc3339)
        if let exemption = request.exemption { json.field("exemption", exemption.rawValue) }
        json.field("extendedDueAt", request.extendedDueAt?.rfc3339)
        json.field("jurisdiction", request.jurisdiction)
        json.field("law", request.law)
        json.field("property", request.property.rawValue)
        json.field("receivedAt", request.receivedAt.rfc3339)
        json.field("request", request.id)
        json.field("requestType", request.type.rawValue)
        json.field("status", request.status.rawValue)
        json.endObject()
        let message = OutboxMessage(
            id: OutboxMessage.randomID(), channel: .webhook, type: type.rawValue, property: request.property,
            subject: request.requester, payload: json.bytes, createdAt: time)
        return OutboxEntry(message: message, destinations: destinations)
    }
}

extension WebhookEventType {
    /// A data-subject request was received.
    public static let requestReceived = WebhookEventType(rawValue: "request.received")
    /// A request's requester was verified.
    public static let requestVerified = WebhookEventType(rawValue: "request.verified")
    /// A request was completed.
    public static let requestCompleted = WebhookEventType(rawValue: "request.completed")
    /// A request was denied.
    public static let requestDenied = WebhookEventType(rawValue: "request.denied")
    /// A request's due date is 7 or 2 days away.
    public static let requestDueSoon = WebhookEventType(rawValue: "request.dueSoon")
}
