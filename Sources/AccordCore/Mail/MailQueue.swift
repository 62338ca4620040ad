/// Where e-mails to subjects are queued for delivery: durably (the outbox) in the server, so an accepted
/// request is sent at least once, across restarts, by the mail delivery service.
public protocol MailQueue: Sendable {
    /// Queues `request`; returns once it is stored.
    func enqueue(_ request: MailRequest) async throws
}
