import AccordCore
import Foundation
import Testing

/// The words of the hosted forms and their e-mails: shipped in every locale, translated, with the same
/// placeholders as the English, chosen by the locale fallback chain, and filled without a format string.
@Suite struct FormTextsTests {
    /// Every text of `texts` (the channel names and the letters' included) by a name.
    static func fields(_ texts: FormTexts) -> [String: String] {
        var fields: [String: String] = [:]
        for child in Mirror(reflecting: texts).children {
            if let text = child.value as? String, child.label != "locale" { fields[child.label!] = text }
        }
        for child in Mirror(reflecting: texts.letters).children {
            if let text = child.value as? String { fields["letters." + child.label!] = text }
        }
        for child in Mirror(reflecting: texts.problems).children {
            if let text = child.value as? String { fields["problems." + child.label!] = text }
        }
        for (channel, name) in texts.channels { fields["channels." + channel] = name }
        return fields
    }

    static func placeholders(_ text: String) -> [String] {
        ["%d", "%@", "%1$@", "%2$@", "%3$@"].filter { text.contains($0) }
    }

    @Test(arguments: ShippedTranslations.locales)
    func everyShippedLocaleHasItsOwnFormTexts(locale: String) throws {
        let texts = try #require(ShippedTranslations.forms[locale])
        #expect(texts.locale == locale)
        let english = Self.fields(FormTexts.resolve(["en"]))
        let fields = Self.fields(texts)
        #expect(Set(fields.keys) == Set(english.keys))
        #expect(Set(texts.channels.keys) == Set(Purpose.Channel.allCases.map(\.rawValue)))
        var same = 0
        for (field, text) in fields {
            #expect(!text.isEmpty, "\(locale).\(field)")
            #expect(Self.placeholders(text) == Self.placeholders(english[field] ?? ""), "\(locale).\(field) keeps its placeholders")
            if text == english[field] { same += 1 }
        }
        // Some words are the same in several languages (SMS, Signature); most are not.
        if locale != "en" { #expect(same * 10 < fields.count, "\(locale): \(same) of \(fields.count) texts are the English ones") }
    }

    @Test func onlyShippedLocalesHaveFormTexts() {
        #expect(Set(ShippedTranslations.forms.keys) == Set(ShippedTranslations.locales))
    }

    @Test func theFormsLocaleThenThePropertysDefaultThenEnglish() {
        #expect(FormTexts.resolve(requested: "de-AT", defaultLocale: "fr").submit == "Senden")
        #expect(FormTexts.resolve(requested: "sv", defaultLocale: "fr").submit == "Envoyer")
        #expect(FormTexts.resolve(requested: "sv", defaultLocale: "sv").submit == "Submit")
        #expect(FormTexts.resolve(requested: "pt-BR", defaultLocale: "en").channelName("email") == "E-mail")
        #expect(FormTexts.resolve(requested: "es", defaultLocale: "en").channelName("email") == "Correo electrónico")
    }

    @Test func fillingReplacesPlaceholdersInOnePassAndNeverFormats() {
        #expect(FormTexts.fill("under %d: ok", number: 16) == "under 16: ok")
        #expect(FormTexts.fill("%2$@ for %1$@", "Shop", "Signup") == "Signup for Shop")
        #expect(FormTexts.fill("id %@.", "e-1") == "id e-1.")
        // A text holding a placeholder stays as given; a placeholder without a value stays; no crash on `%`.
        #expect(FormTexts.fill("%1$@ and %2$@", "a %2$@", "b") == "a %2$@ and b")
        #expect(FormTexts.fill("%3$@ 100% %s %d", "a") == "%3$@ 100% %s %d")
    }

    @Test func aSubmissionsProblemsAreSaidInTheFormsWords() {
        let german = FormTexts.resolve(["de"])
        let label = { (key: String) in key == "news" ? "Newsletter" : "Forschung" }
        #expect(german.problem(.required, item: "research", label: label) == "„Forschung“ ist erforderlich.")
        #expect(german.problem(.needs("research"), item: "news", label: label) == "„Newsletter“ erfordert auch „Forschung“.")
        #expect(FormTexts.resolve(["en"]).problem(.guardianEmail(16), item: "", label: label).hasPrefix("Under 16,"))
        #expect(FormProblem(field: "answers.x", message: "m", reason: .required).description == "answers.x: m")
    }

    @Test func theFormLettersFollowTheSubmissionsLocale() throws {
        let property = DemoProperty.make()
        var request = MailRequest(kind: .formCopy, property: property.id, subject: SubjectKey(bytes: Array(repeating: 1, count: 32))!)
        request.locale = "de"
        request.event = "e-1"
        request.choices = ["analytics": .granted]
        let german = FormLetters.make(request, version: nil, property: property, link: "https://x.example/f")
        #expect(german.locale == "de")
        #expect(german.subject.hasPrefix("Ihre Kopie"))
        #expect(german.paragraphs.contains("Quittungsnummer: e-1."))
        #expect(german.items.first?.status == "ja")
        request.locale = nil
        let english = FormLetters.make(request, version: nil, property: property, link: "https://x.example/f")
        #expect(english.locale == "en" && english.subject.hasPrefix("Your copy"))
    }
}
