import Foundation

/// The e-mails about forms, as letters: pure, from the queued request, the form version and the property. English
/// like the hosted form's own words.
public enum FormLetters {
    /// The letter for `mail` (`formCopy` or `formRevoked`) about `version`, linking to `link`.
    public static func make(_ mail: MailRequest, version: FormVersion?, property: Property, link: String) -> MailLetter {
        let title = version?.draft.title.flatMap { $0[property.defaultLocale] ?? $0["en"] ?? $0.values.sorted().first }
        let form = mail.form
        let named = title ?? form?.form ?? "form"
        let versionLine = form.map { "Form: \(named), version \($0.version) (content hash \($0.hash.prefix(16)))." } ?? "Form: \(named)."
        let names = Dictionary(property.purposes.map { ($0.key.rawValue, $0.name) }) { first, _ in first }
        let items = (mail.choices ?? [:]).sorted { $0.key < $1.key }.map { key, choice in
            MailLetter.Item(name: names[key] ?? key, status: choice == .granted ? "yes" : "no")
        }
        let receipt = mail.event.map { "Receipt id: \($0)." }
        let subject: String
        let heading: String
        var paragraphs: [String]
        let action: String
        switch mail.kind {
        case .guardianConfirmation:
            subject = "Please confirm a consent given to \(property.name)"
            heading = "You were named as a parent or guardian"
            paragraphs = [
                "Someone under the minimum age filled in \"\(named)\" and named you as their parent or guardian. "
                    + "Nothing is recorded until you confirm; the link works for 7 days.",
                versionLine, "They chose:",
            ]
            action = "Review and confirm"
        case .formRevoked:
            subject = "Your revocation of \(named) was recorded"
            heading = "We recorded your revocation"
            paragraphs = [
                "Your authorisation \"\(named)\" is revoked from now on. It does not undo what was disclosed before.",
                versionLine,
            ]
            if let receipt { paragraphs.append(receipt) }
            paragraphs.append("Recorded now:")
            action = "Open the form"
        default:
            subject = "Your copy: \(named)"
            heading = "A copy of what you submitted"
            paragraphs = ["Thank you. This is a copy of your submission to \(property.name).", versionLine]
            if let receipt { paragraphs.append(receipt) }
            paragraphs.append("You chose:")
            action = "Open the form"
        }
        return MailLetter(
            locale: "en", subject: subject, propertyName: property.name, heading: heading, paragraphs: paragraphs, items: items,
            actionLabel: action, actionURL: link,
            footer: "You receive this e-mail because this address was given on a form of \(property.name).")
    }
}
