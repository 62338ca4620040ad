/// The types of webhook message Accord sends; an endpoint subscribes to a list of them.
public struct WebhookEventType: RawRepresentable, Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The wire name, such as `consent.recorded`.
    public let rawValue: String
    /// Wraps a name, unchecked: `known` says which ones exist.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Every new consent event.
    public static let consentRecorded = WebhookEventType(rawValue: "consent.recorded")
    /// A consent event that turned at least one granted purpose to denied.
    public static let consentWithdrawn = WebhookEventType(rawValue: "consent.withdrawn")
    /// A purpose's consent nears its expiry (events with source `expiry`).
    public static let consentExpiring = WebhookEventType(rawValue: "consent.expiring")
    /// A purpose's consent passed its expiry (events with source `expiry`).
    public static let consentExpired = WebhookEventType(rawValue: "consent.expired")
    /// Two subjects were linked across devices.
    public static let subjectLinked = WebhookEventType(rawValue: "subject.linked")
    /// A new policy version of the property was published.
    public static let policyPublished = WebhookEventType(rawValue: "policy.published")
    /// Sent on request (`POST .../webhooks/{id}/test`) to check an endpoint.
    public static let webhookTest = WebhookEventType(rawValue: "webhook.test")

    /// The types an endpoint may subscribe to. Later features (data-subject requests) add theirs here.
    public static let known: [WebhookEventType] = [
        .consentRecorded, .consentWithdrawn, .consentExpiring, .consentExpired, .subjectLinked, .policyPublished, .webhookTest,
        .requestReceived, .requestVerified, .requestCompleted, .requestDenied, .requestDueSoon,
    ]

    /// The wire name.
    public var description: String { rawValue }

    /// By wire name.
    public static func < (lhs: WebhookEventType, rhs: WebhookEventType) -> Bool { lhs.rawValue < rhs.rawValue }
}
