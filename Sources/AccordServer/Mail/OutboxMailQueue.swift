import AccordCore
import Foundation

/// E-mails queued in the durable outbox (channel `mail`): one message per e-mail, its payload the `MailRequest`
/// as JSON (a pseudonym, a kind, a token: no address, no clear id), one delivery to the destination `mail`, so
/// e-mails about one subject go out in order and a subject's failing e-mail holds up no one else's.
struct OutboxMailQueue: MailQueue {
    /// The one destination of mail deliveries.
    static let destination = "mail"

    let outbox: any Outbox
    let now: @Sendable () -> Date

    func enqueue(_ request: MailRequest) async throws {
        let message = OutboxMessage(
            id: OutboxMessage.randomID(), channel: .mail, type: "mail.\(request.kind.rawValue)", property: request.property,
            subject: request.subject, payload: try request.json(), createdAt: now())
        try await outbox.enqueue([OutboxEntry(message: message, destinations: [Self.destination])])
    }
}
