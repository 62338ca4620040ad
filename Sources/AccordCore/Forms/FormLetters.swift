import Foundation

/// The e-mails about forms, as letters: pure, from the queued request, the form version and the property. In the
/// submission's locale (else the property's default, else English), like the hosted form's own words.
public enum FormLetters {
    /// The letter for `mail` (`formCopy` or `formRevoked`) about `version`, linking to `link`.
    public static func make(_ mail: MailRequest, version: FormVersion?, property: Property, link: String) -> MailLetter {
        let chain = LocaleFallback.chain(for: mail.locale, defaultLocale: property.defaultLocale)
        let words = FormTexts.resolve(chain)
        let texts = words.letters
        let title = version?.draft.title.flatMap { titles in
            chain.lazy.compactMap { titles[$0] }.first ?? titles["en"] ?? titles.values.sorted().first
        }
        let form = mail.form
        let named = title ?? form?.form ?? "form"
        let versionLine = FormTexts.fill(
            texts.versionLine, named, form.map { String($0.version) } ?? "?", form.map { String($0.hash.prefix(16)) } ?? "?")
        let names = Dictionary(property.purposes.map { ($0.key.rawValue, $0.text(for: chain).name) }) { first, _ in first }
        let items = (mail.choices ?? [:]).sorted { $0.key < $1.key }.map { key, choice in
            MailLetter.Item(name: names[key] ?? key, status: choice == .granted ? texts.yes : texts.no)
        }
        let receipt = mail.event.map { FormTexts.fill(texts.receiptLine, $0) }
        func fill(_ template: String) -> String { FormTexts.fill(template, property.name, named) }
        let subject: String
        let heading: String
        var paragraphs: [String]
        let action: String
        switch mail.kind {
        case .guardianConfirmation:
            subject = fill(texts.guardianSubject)
            heading = fill(texts.guardianHeading)
            paragraphs = [fill(texts.guardianBody), versionLine, texts.guardianChoices]
            action = texts.guardianAction
        case .formRevoked:
            subject = fill(texts.revokedSubject)
            heading = fill(texts.revokedHeading)
            paragraphs = [fill(texts.revokedBody), versionLine]
            if let receipt { paragraphs.append(receipt) }
            paragraphs.append(texts.revokedNow)
            action = texts.openForm
        default:
            subject = fill(texts.copySubject)
            heading = fill(texts.copyHeading)
            paragraphs = [fill(texts.copyBody), versionLine]
            if let receipt { paragraphs.append(receipt) }
            paragraphs.append(texts.copyChoices)
            action = texts.openForm
        }
        return MailLetter(
            locale: words.locale, subject: subject, propertyName: property.name, heading: heading, paragraphs: paragraphs,
            items: items, actionLabel: action, actionURL: link, footer: fill(texts.footer))
    }
}
