import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The e-mail layouts: every kind of letter in English and German has the property's name, a plain-text part
/// with the link unescaped, an escaped HTML part, and nothing that loads (no tracking pixel).
@Suite struct MailTemplatesTests {
    static let property: Property = {
        var property = DemoProperty.make()
        property.name = "Café & Söhne <Shop>"
        return property
    }()

    static func request(_ kind: MailRequest.Kind, locale: String) -> MailRequest {
        MailRequest(
            kind: kind, property: property.id, subject: SubjectKey(bytes: Array(repeating: 1, count: 32))!, locale: locale,
            purposes: property.purposes.prefix(2).map(\.key), expiresAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// The letters written by `FormLetters` (forms: English like the hosted form).
    static let formKinds: [MailRequest.Kind] = [.formCopy, .formRevoked, .guardianConfirmation]

    // The letters about data-subject requests are written by `RequestLetters` (RequestLetterTests), those about
    // forms by `FormLetters` (below).
    @Test(
        arguments: MailRequest.Kind.allCases.filter { !$0.rawValue.hasPrefix("request") && !Self.formKinds.contains($0) }, ["en", "de"])
    func everyLetterHasBothPartsThePropertyAndTheLink(kind: MailRequest.Kind, locale: String) {
        let link = "https://accord.example/p/demo/x?link=abc&locale=\(locale)"
        let statuses = Dictionary(uniqueKeysWithValues: Self.property.purposes.map { ($0.key, ConsentChoice.granted) })
        let letter = MailLetter.make(Self.request(kind, locale: locale), property: Self.property, link: link, statuses: statuses)
        let message = MailRenderer.shared.message(letter, from: "accord@example.com", to: "anna@example.com")
        #expect(letter.locale == locale)
        #expect(message.subject.contains("Café & Söhne <Shop>"))
        #expect(message.text.contains("Café & Söhne <Shop>"))
        #expect(message.text.contains(link))
        #expect(!message.text.contains("&amp;"))
        #expect(message.html.contains("Café &amp; Söhne &lt;Shop&gt;"))
        #expect(message.html.contains("link=abc&amp;locale=\(locale)"))
        #expect(!message.html.lowercased().contains("<img"))
        #expect(!message.html.contains("{{") && !message.text.contains("{{"))
        if kind != .contactConfirmation {
            #expect(message.text.contains("- " + Self.property.purposes[0].name))
        }
        if kind == .reconsentReminder { #expect(message.subject.contains("2027-01-15")) }
    }

    @Test(arguments: formKinds)
    func everyFormLetterHasBothPartsThePropertyTheChoicesAndTheLink(kind: MailRequest.Kind) {
        var request = Self.request(kind, locale: "en")
        request.event = "evt_1"
        request.form = FormReference(form: "signup", version: 2, hash: String(repeating: "a", count: 64))
        request.choices = [Self.property.purposes[0].key.rawValue: .granted]
        let link = "https://accord.example/p/demo/forms/signup?token=abc&x=1"
        let letter = FormLetters.make(request, version: nil, property: Self.property, link: link)
        let message = MailRenderer.shared.message(letter, from: "accord@example.com", to: "anna@example.com")
        #expect(message.text.contains("Café & Söhne <Shop>") && message.html.contains("Café &amp; Söhne &lt;Shop&gt;"))
        #expect(message.text.contains(link))
        #expect(message.text.contains("version 2"))
        #expect(message.text.contains("- \(Self.property.purposes[0].name): yes"))
        #expect(message.text.contains("Receipt id: evt_1") == (kind != .guardianConfirmation))
        #expect(!message.html.lowercased().contains("<img"))
    }

    @Test func germanTextsAreGerman() {
        let letter = MailLetter.make(Self.request(.contactConfirmation, locale: "de-AT"), property: Self.property, link: "x")
        #expect(letter.subject == "Bestätigen Sie Ihre E-Mail-Adresse für Café & Söhne <Shop>")
        let french = MailLetter.make(Self.request(.contactConfirmation, locale: "fr"), property: Self.property, link: "x")
        #expect(french.locale == "en")
    }

    @Test(arguments: MailTemplate.allCases)
    func htmlLayoutEscapesAndTextLayoutDeclaresText(template: MailTemplate) throws {
        let source = try #require(WebTemplates.sources[template.rawValue])
        switch template {
        case .html: #expect(!source.contains(#/\{\{\s*[{&%=]/#))
        case .text:
            #expect(source.hasPrefix("{{% CONTENT_TYPE: TEXT}}\n"))
            #expect(!source.contains(#/\{\{\s*[{&=]/#))
        }
    }
}
