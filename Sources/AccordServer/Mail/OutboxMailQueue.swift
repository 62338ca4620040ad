import AccordCore
import Foundation

/// E-mails queued in the durable outbox (channel `mail`, `MailRequest.outboxEntry`) on their own, for those no
/// consent event causes; an event's own e-mails are written in its transaction (`FollowUp`).
struct OutboxMailQueue: MailQueue {
    /// The one destination of mail deliveries.
    static let destination = MailRequest.outboxDestination

    let outbox: any Outbox
    let now: @Sendable () -> Date

    func enqueue(_ request: MailRequest) async throws {
        try await outbox.enqueue([try request.outboxEntry(id: OutboxMessage.randomID(), at: now())])
    }
}
