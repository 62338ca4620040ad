import Foundation

/// How a message leaves Accord; each channel has its own sender service, which claims only its own deliveries.
public enum OutboxChannel: String, Hashable, Sendable, Codable, CaseIterable {
    /// Signed HTTP calls to a property's webhook endpoints (Standard Webhooks).
    case webhook
    /// E-mail to the person, through the mailer.
    case mail
}

/// One outgoing message, written in the transaction that caused it and never changed afterwards: a replay
/// sends it again with the same id. It names its subject only by pseudonym; a sender resolves the clear id
/// (if any) when it delivers, so an erased subject's queued messages cannot leak it.
public struct OutboxMessage: Hashable, Sendable {
    /// Stable id, sent as `webhook-id`: the receiver's de-duplication key. `msg_` and 32 hex digits.
    public var id: String
    /// Which sender delivers it.
    public var channel: OutboxChannel
    /// The message type, such as `consent.recorded` (`WebhookEventType` for webhooks).
    public var type: String
    /// The property it is about.
    public var property: PropertyID
    /// The subject it is about, by pseudonym; nil for messages about no subject (`policy.published`).
    public var subject: SubjectKey?
    /// The channel-specific body as JSON (for webhooks, the `data` object before delivery-time fields).
    public var payload: [UInt8]
    /// When it was written: the `since` of a replay compares with it.
    public var createdAt: Date
    /// Its place in commit order, given by the store on insert (0 before). Increases with every message,
    /// so per subject it orders them as they were committed.
    public var sequence: Int64
    /// Its number among the messages about its subject (`SubjectSequence`), given by the store on insert (0 before,
    /// and for messages stored before subjects were counted): the `sequence` its webhook body carries.
    public var subjectSequence: Int64

    /// A message before it is stored (`sequence` and `subjectSequence` 0).
    public init(
        id: String, channel: OutboxChannel, type: String, property: PropertyID, subject: SubjectKey?, payload: [UInt8],
        createdAt: Date, sequence: Int64 = 0, subjectSequence: Int64 = 0
    ) {
        self.id = id
        self.channel = channel
        self.type = type
        self.property = property
        self.subject = subject
        self.payload = payload
        self.createdAt = createdAt.truncatedToMilliseconds
        self.sequence = sequence
        self.subjectSequence = subjectSequence
    }

    /// The number a receiver compares: the per-subject one, or the outbox-wide one for a message stored before
    /// subjects were counted (always lower than any per-subject number, by `SubjectSequence.floor`).
    public var receiverSequence: Int64 { subjectSequence > 0 ? subjectSequence : sequence }

    /// A fresh random message id (`msg_` and 32 hex digits), for messages not derived from an event.
    public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "msg_" + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }
}

/// A message with the destinations it goes to: one delivery each, tracked separately.
public struct OutboxEntry: Hashable, Sendable {
    /// The message, stored once.
    public var message: OutboxMessage
    /// Channel-specific destination ids (a webhook endpoint id, a mail recipient reference); no duplicates.
    public var destinations: [String]

    /// A message and its destinations.
    public init(message: OutboxMessage, destinations: [String]) {
        self.message = message
        self.destinations = destinations
    }
}
