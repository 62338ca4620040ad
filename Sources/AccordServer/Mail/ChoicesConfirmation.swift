import AccordCore

/// The e-mail confirming a subject's choices after a recorded change, when the property turns it on
/// (`confirmChoicesByEmail`): a follow-up of the event (`FollowUp`), written in the event's own transaction, so an
/// acknowledged change never misses its e-mail and a rolled-back one (or an idempotent replay) never sends one.
///
/// Only for a subject whose vault holds a confirmed address (or whose write vouches for one), so anonymous
/// visitors' writes add nothing to the outbox; delivery checks the address again at send time.
struct ChoicesConfirmation: Sendable {
    let directory: SubjectDirectory
    /// False when e-mail is off (`mail.smtp.host` unset): nothing is queued.
    let mailOn: Bool

    /// The follow-ups to pass to the recorder for a change in `property`; nil when the property leaves the
    /// confirmation off or e-mail is off. `vouched`: the write itself gives an address marked verified.
    func followUps(in property: Property, vouched: Bool = false) -> ConsentRecorder.FollowUps? {
        guard property.confirmChoicesByEmail, mailOn else { return nil }
        let directory = directory
        return { event in
            if !vouched {
                guard try await directory.contact(of: event.subject, in: event.property)?.confirmed == true else { return [] }
            }
            let request = MailRequest(
                kind: .choicesChanged, property: event.property, subject: event.subject, locale: event.locale,
                purposes: event.choices.keys.sorted())
            return [try request.outboxEntry(id: MailRequest.messageID(of: event.id, kind: .choicesChanged), at: event.recordedAt)]
        }
    }
}
