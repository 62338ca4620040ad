import Foundation

/// Where one message stands with one destination.
public enum DeliveryStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Not delivered yet: due at `nextAttemptAt`.
    case pending
    /// Accepted by the destination.
    case delivered
    /// Given up on after the last attempt (dead-lettered); a replay makes it pending again.
    case dead
}

/// One message's delivery to one destination: its attempts so far and when the next is due.
public struct OutboxDelivery: Hashable, Sendable {
    /// The message being delivered.
    public var message: OutboxMessage
    /// The destination id (a webhook endpoint id, say).
    public var destination: String
    /// Pending, delivered or dead.
    public var status: DeliveryStatus
    /// Attempts made so far (0 before the first, and again after a replay).
    public var attempts: Int
    /// When the next attempt is due; meaningful while pending.
    public var nextAttemptAt: Date
    /// The HTTP status (or channel equivalent) of the last attempt, if it got one.
    public var lastStatusCode: Int?
    /// Why the last attempt failed, in words without personal data, if it failed without a status.
    public var lastError: String?
    /// When the first attempt was made (since the last replay): the retry schedule counts its 72 h from it.
    public var firstAttemptAt: Date?

    /// A delivery as a store reads it.
    public init(
        message: OutboxMessage, destination: String, status: DeliveryStatus, attempts: Int, nextAttemptAt: Date,
        lastStatusCode: Int? = nil, lastError: String? = nil, firstAttemptAt: Date? = nil
    ) {
        self.message = message
        self.destination = destination
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.firstAttemptAt = firstAttemptAt?.truncatedToMilliseconds
    }
}

/// A claim on a delivery: until `until`, no other claimer gets it. `token` proves the claim when finishing.
public struct OutboxLease: Hashable, Sendable {
    /// Random, unique per claim.
    public var token: String
    /// When the claim lapses and another instance may take the delivery (a crashed sender's work comes back).
    public var until: Date

    /// A lease from its parts.
    public init(token: String, until: Date) {
        self.token = token
        self.until = until.truncatedToMilliseconds
    }
}

/// A delivery its sender now holds.
public struct ClaimedDelivery: Hashable, Sendable {
    /// The delivery as it was when claimed.
    public var delivery: OutboxDelivery
    /// The claim; pass the whole value back to `Outbox.finish`.
    public var lease: OutboxLease

    /// A claimed delivery from its parts.
    public init(delivery: OutboxDelivery, lease: OutboxLease) {
        self.delivery = delivery
        self.lease = lease
    }
}

/// What one attempt gave, as the sender reports it.
public struct AttemptReport: Hashable, Sendable {
    /// When the attempt started.
    public var at: Date
    /// The answer's status, if one came.
    public var statusCode: Int?
    /// Why it failed without an answer (timeout, refused address), without personal data.
    public var error: String?
    /// How long it took, in milliseconds.
    public var latencyMilliseconds: Int64

    /// A report from its parts.
    public init(at: Date, statusCode: Int?, error: String?, latencyMilliseconds: Int64) {
        self.at = at.truncatedToMilliseconds
        self.statusCode = statusCode
        self.error = error
        self.latencyMilliseconds = latencyMilliseconds
    }
}

/// What becomes of a delivery after an attempt.
public enum DeliveryOutcome: Hashable, Sendable {
    /// Done.
    case delivered
    /// Try again at that time.
    case retry(at: Date)
    /// Give up: the delivery is dead-lettered.
    case dead
}

/// A claim's end, for `Outbox.finish(_:)`: the attempt made (if any) and what becomes of the delivery.
public struct DeliveryResult: Hashable, Sendable {
    /// The claim being ended.
    public var claim: ClaimedDelivery
    /// The attempt made, if one was.
    public var attempt: AttemptReport?
    /// Delivered, retry at a time, or dead.
    public var outcome: DeliveryOutcome

    /// A result from its parts.
    public init(claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) {
        self.claim = claim
        self.attempt = attempt
        self.outcome = outcome
    }
}

/// One recorded attempt, as the deliveries listing shows it.
public struct DeliveryAttempt: Hashable, Sendable {
    /// The attempt's own number in the store, increasing: the listing's cursor.
    public var sequence: Int64
    /// The message attempted.
    public var messageID: String
    /// Its type.
    public var type: String
    /// The destination attempted.
    public var destination: String
    /// 1 for the first attempt of the delivery (counting again from 1 after a replay).
    public var number: Int
    /// What the attempt gave.
    public var report: AttemptReport
    /// When the next attempt is due, nil when none is planned (delivered or dead).
    public var nextAttemptAt: Date?

    /// An attempt as a store reads it.
    public init(
        sequence: Int64, messageID: String, type: String, destination: String, number: Int, report: AttemptReport,
        nextAttemptAt: Date?
    ) {
        self.sequence = sequence
        self.messageID = messageID
        self.type = type
        self.destination = destination
        self.number = number
        self.report = report
        self.nextAttemptAt = nextAttemptAt.map(\.truncatedToMilliseconds)
    }
}
