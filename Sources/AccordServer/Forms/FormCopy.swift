import AccordCore

/// The queued request for a copy of a form submission or revocation: ids, the form version and the choices,
/// never the address (delivery opens it from the event's sealed evidence).
enum FormCopy {
    static func request(_ kind: MailRequest.Kind, event: ConsentEvent, form: FormReference) -> MailRequest {
        var request = MailRequest(kind: kind, property: event.property, subject: event.subject, locale: event.locale)
        request.event = event.id.rawValue
        request.form = form
        request.choices = Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) })
        return request
    }
}
