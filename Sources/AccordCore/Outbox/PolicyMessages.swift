import Crypto
import Foundation

/// The `policy.published` message of a newly published version: pure, so each store writes it in the publish's
/// own transaction.
public enum PolicyMessages {
    /// The message id: derived from the property and version, the same on every replay.
    public static func messageID(of version: PolicyVersion) -> String {
        let digest = SHA256.hash(data: Array("\(version.property.rawValue)#\(version.version)/policy.published".utf8))
        return "msg_" + Array(digest.prefix(16)).hexString
    }

    /// The entry for the endpoints of the version's property that queue `policy.published`, or nil when none does.
    public static func entry(of version: PolicyVersion, endpoints: [WebhookEndpoint]) -> OutboxEntry? {
        let destinations = endpoints.filter { $0.property == version.property && $0.queues(.policyPublished) }.map(\.id)
        guard !destinations.isEmpty else { return nil }
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("changedPurposes")
        json.beginArray()
        for purpose in version.changedPurposes { json.string(purpose.rawValue) }
        json.endArray()
        json.field("contentHash", version.contentHash)
        json.field("property", version.property.rawValue)
        json.field("publishedAt", version.publishedAt.rfc3339)
        json.key("version")
        json.integer(version.version)
        json.endObject()
        let message = OutboxMessage(
            id: messageID(of: version), channel: .webhook, type: WebhookEventType.policyPublished.rawValue,
            property: version.property, subject: nil, payload: json.bytes, createdAt: version.publishedAt)
        return OutboxEntry(message: message, destinations: destinations)
    }
}
