import AccordCore
import Foundation

extension MailDispatcher {
    /// An e-mail about a form: the copy of a submission or of a revocation goes to the address sealed (under the
    /// subject's vault data key) in that event's evidence, opened now, so a subject shredded meanwhile gets nothing.
    func deliverFormMail(_ mail: MailRequest, property: Property, messageID: String) async throws -> Outcome {
        guard let forms else { return .dropped("forms not available") }
        let link = "\(publicURL)/p/\(property.id.rawValue)/forms/\(mail.form?.form ?? "")"
        if mail.kind == .guardianConfirmation {
            guard let email = try await directory.contact(of: mail.subject, in: property.id)?.email, let token = mail.token else {
                return .dropped("guardian erased")
            }
            return try await send(mail, property: property, to: email, link: link + "/guardian?token=\(token)", messageID: messageID)
        }
        guard let event = mail.event, let evidence = try await forms.formEvidence(of: EventID(rawValue: event), in: property.id),
            let bytes = try await directory.openCopy(evidence.sealed, for: mail.subject, in: property.id),
            let contents = try? JSONDecoder().decode(FormEvidence.Contents.self, from: Data(bytes)), let email = contents.email
        else { return .dropped("no address for the copy (never given, or erased)") }
        return try await send(mail, property: property, to: email, link: link, messageID: messageID)
    }

    private func send(_ mail: MailRequest, property: Property, to email: String, link: String, messageID: String) async throws
        -> Outcome
    {
        guard let forms else { return .dropped("forms not available") }
        var version: FormVersion?
        if let form = mail.form { version = try await forms.formVersion(form.version, of: form.form, in: property.id) }
        let letter = FormLetters.make(mail, version: version, property: property, link: link)
        let message = renderer.message(letter, from: from, to: email)
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<8).map { _ in generator.next() as UInt8 }.hexString
        try await transport.send(message.rendered(date: now(), messageID: messageID, boundarySeed: seed))
        return .sent
    }
}
