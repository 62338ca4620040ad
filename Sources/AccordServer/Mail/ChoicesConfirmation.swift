import AccordCore
import Logging

/// Queues the e-mail confirming a subject's choices after a recorded change, when the property turns it on
/// (`confirmChoicesByEmail`). Only for a subject whose vault holds a confirmed address, so anonymous visitors'
/// writes add nothing to the outbox; delivery checks the address again at send time.
///
/// It is queued after the event's commit, not in its transaction: the write has succeeded by then, so a failure
/// to queue is logged rather than answered as an error (which would invite a retry that replays, and queues nothing).
struct ChoicesConfirmation: Sendable {
    let directory: SubjectDirectory
    /// nil when e-mail is off (`mail.smtp.host` unset): nothing is queued.
    let mail: (any MailQueue)?

    /// Queues the confirmation of `recorded`, unless the property leaves it off, e-mail is off, the write is an
    /// idempotent replay (its confirmation was queued the first time) or the subject has no confirmed address.
    func confirm(_ recorded: RecordedConsent, in property: Property, logger: Logger) async {
        guard property.confirmChoicesByEmail, let mail, !recorded.replayed else { return }
        let event = recorded.stored.event
        do {
            guard try await directory.contact(of: event.subject, in: property.id)?.confirmed == true else { return }
            try await mail.enqueue(
                MailRequest(
                    kind: .choicesChanged, property: property.id, subject: event.subject, locale: event.locale,
                    purposes: event.choices.keys.sorted()))
        } catch {
            // No subject or address in the line: the event id is enough to find it.
            logger.error(
                "choices confirmation not queued",
                metadata: ["property": "\(property.id)", "event": "\(event.id.rawValue)", "error": "\(type(of: error))"])
        }
    }
}
