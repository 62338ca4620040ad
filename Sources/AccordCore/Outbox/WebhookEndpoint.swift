import Foundation

/// Whether an endpoint gets messages, and why not.
public enum WebhookEndpointStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Messages are queued and sent.
    case active
    /// Messages are queued but held until `resume`, then sent in order.
    case paused
    /// A message was dead-lettered after its last attempt: messages are queued but nothing is sent until `resume`
    /// (the dead-lettered message stays dead; `replay` sends it again).
    case failing
    /// The endpoint answered 410 Gone: messages are queued but nothing is sent until `resume`.
    case disabled

    /// Whether new messages get a delivery row for the endpoint: always. Only an active endpoint is sent to, but
    /// a paused, failing or disabled one keeps its queue, so `resume` catches up on everything since it stopped,
    /// in order per subject, as the issue asks of a pause.
    public var queues: Bool { true }
}

/// A property's webhook endpoint: where messages of the types it subscribes to are sent, signed with its secret.
public struct WebhookEndpoint: Hashable, Sendable {
    /// `wh_` and 24 hex digits.
    public var id: String
    /// The property whose messages it receives.
    public var property: PropertyID
    /// The URL messages are POSTed to; checked by `WebhookURLRule` at creation and before each delivery.
    public var url: String
    /// The message types it receives, sorted, without duplicates.
    public var events: [WebhookEventType]
    /// The integrator's note, if any.
    public var description: String?
    /// Active, paused, failing or disabled.
    public var status: WebhookEndpointStatus
    /// The signing secret as stored: wrapped by the root key when there is one (the store never reads it).
    public var secret: [UInt8]
    /// The secret before the last rotation, as stored, still signing until `previousSecretExpiresAt`.
    public var previousSecret: [UInt8]?
    /// When the previous secret stops signing (24 h after the rotation).
    public var previousSecretExpiresAt: Date?
    /// When it was created.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date

    /// An endpoint from its parts; times are kept to the millisecond, like every stored time.
    public init(
        id: String, property: PropertyID, url: String, events: [WebhookEventType], description: String?,
        status: WebhookEndpointStatus, secret: [UInt8], previousSecret: [UInt8]? = nil, previousSecretExpiresAt: Date? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.property = property
        self.url = url
        self.events = Array(Set(events)).sorted()
        self.description = description
        self.status = status
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretExpiresAt = previousSecretExpiresAt?.truncatedToMilliseconds
        self.createdAt = createdAt.truncatedToMilliseconds
        self.updatedAt = updatedAt.truncatedToMilliseconds
    }

    /// A fresh endpoint id: `wh_` and 24 random hex digits.
    public static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "wh_" + (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    /// Whether a new message of `type` gets a delivery row for this endpoint.
    public func queues(_ type: WebhookEventType) -> Bool {
        status.queues && events.contains(type)
    }
}
