import Foundation

/// The webhook connector's part of a run (issue 14 §1), pure: when a system is due to be sent the request (first
/// time, after a failed send's backoff, or as a reminder while it has not answered) and what the POST carries.
/// The sends are audit entries of the request (`request.systemDispatched`), so a restarted server knows them.
public enum ConnectorDispatch {
    /// How long a sent system may stay silent before it is reminded (sent the request again with a new token).
    public static let reminderInterval: TimeInterval = 24 * 3600

    /// The detail fields of a request's audit entry (what `FulfilmentProgress` reads).
    public static func detail(of entry: AuditEntry) -> [String: String] { FulfilmentProgress.fields(entry) }

    /// Folds a dispatch or an `inProgress` answer into a system's progress (`FulfilmentProgress.of`).
    static func apply(_ entry: AuditEntry, detail: [String: String], to system: inout FulfilmentProgress.SystemProgress) {
        if entry.action == RequestAudit.Action.systemDispatched.rawValue {
            system.status = "waiting"
            system.error = nil
            system.dispatchedAt = entry.recordedAt
            system.dispatches += 1
        } else if entry.action == RequestAudit.Action.systemInProgress.rawValue {
            system.status = "waiting"
            system.reason = detail["reason"]
        }
    }

    /// Whether a webhook system should be sent the request at `now`: never sent, failed and past its backoff, or
    /// silent for `reminderInterval` since its last send.
    public static func isDue(_ system: FulfilmentProgress.SystemProgress, at now: Date, reminder: TimeInterval = reminderInterval) -> Bool {
        guard system.kind == Connector.Kind.webhook.rawValue, !system.answered else { return false }
        if system.status == "failed" { return (FulfilmentProgress.retryAt(system) ?? now) <= now }
        guard let sent = system.dispatchedAt else { return true }
        return sent.addingTimeInterval(reminder) <= now
    }

    /// The POST body: `{"request": {"id", "type", "jurisdiction", "dueAt"}, "identities": {...}, "callback": {"url",
    /// "token"}, "reminder"}`.
    public static func body(
        request: PrivacyRequest, identities: [String: String], callbackURL: String, token: String, reminder: Bool
    ) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("request")
        json.beginObject()
        json.field("id", request.id)
        json.field("type", request.type.rawValue)
        json.field("jurisdiction", request.jurisdiction)
        json.field("dueAt", request.effectiveDueAt?.rfc3339)
        json.endObject()
        json.key("identities")
        json.beginObject()
        for name in identities.keys.sorted() { json.field(name, identities[name]) }
        json.endObject()
        json.key("callback")
        json.beginObject()
        json.field("url", callbackURL)
        json.field("token", token)
        json.endObject()
        json.key("reminder")
        json.bool(reminder)
        json.endObject()
        return json.bytes
    }
}
