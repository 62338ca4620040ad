import Crypto
import Foundation

extension MailRequest {
    /// The one destination of mail deliveries: e-mails about one subject go out in order, and a subject's failing
    /// e-mail holds up no one else's.
    public static let outboxDestination = "mail"

    /// The request as an outbox entry: one message of channel `mail` and type `mail.<kind>`, its payload the request
    /// as JSON (a pseudonym, a kind, a token: no address, no clear id), to the mail destination.
    public func outboxEntry(id: String, at time: Date) throws -> OutboxEntry {
        let message = OutboxMessage(
            id: id, channel: .mail, type: "mail.\(kind.rawValue)", property: property, subject: subject, payload: try json(),
            createdAt: time)
        return OutboxEntry(message: message, destinations: [Self.outboxDestination])
    }

    /// The id of the e-mail of `kind` an event causes: derived from the event, like its webhooks' ids, so the
    /// event's transaction can write it and a second write of the same e-mail would be refused.
    public static func messageID(of event: EventID, kind: Kind) -> String {
        let digest = SHA256.hash(data: Array("\(event.rawValue)/mail.\(kind.rawValue)".utf8))
        return "msg_" + Array(digest.prefix(16)).hexString
    }

    /// The re-consent reminder for an `expiring` notice, as the follow-up of that notice (`FollowUp`).
    public static func reminder(for notice: ConsentEvent) throws -> FollowUp {
        let request = MailRequest(
            kind: .reconsentReminder, property: notice.property, subject: notice.subject,
            purposes: notice.expiresAt.keys.sorted(), expiresAt: notice.expiresAt.values.min())
        return FollowUp(
            event: notice.id,
            entry: try request.outboxEntry(id: messageID(of: notice.id, kind: .reconsentReminder), at: notice.recordedAt))
    }
}
