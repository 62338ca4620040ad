import AccordCore
import Testing

/// The words of Accord's own pages: shipped in every locale, translated, and chosen by the locale fallback chain.
@Suite struct PageTextsTests {
    static func fields(_ texts: PageTexts) -> [String: String] {
        [
            "history": texts.history, "saved": texts.saved, "problemTitle": texts.problemTitle, "linkInvalid": texts.linkInvalid,
            "linkExpired": texts.linkExpired, "formFromElsewhere": texts.formFromElsewhere, "formExpired": texts.formExpired,
            "linkFormExpired": texts.linkFormExpired,
        ]
    }

    @Test(arguments: ShippedTranslations.locales)
    func everyShippedLocaleHasItsOwnPageTexts(locale: String) throws {
        let texts = try #require(ShippedTranslations.pages[locale])
        #expect(texts.locale == locale)
        let english = Self.fields(PageTexts.resolve(["en"]))
        for (field, text) in Self.fields(texts) {
            #expect(!text.isEmpty, "\(locale).\(field)")
            if locale != "en" { #expect(text != english[field], "\(locale).\(field) is not translated") }
        }
    }

    @Test func onlyShippedLocalesHavePageTexts() {
        #expect(Set(ShippedTranslations.pages.keys) == Set(ShippedTranslations.locales))
    }

    @Test func theFirstShippedLocaleOfTheChainWins() {
        #expect(PageTexts.resolve(requested: "de-AT", defaultLocale: "fr").locale == "de")
        #expect(PageTexts.resolve(requested: "sv", defaultLocale: "fr").locale == "fr")
        #expect(PageTexts.resolve(requested: "sv", defaultLocale: "sv").locale == "en")
        #expect(PageTexts.resolve(requested: nil, defaultLocale: "en").history == "History")
        #expect(PageTexts.resolve(["pt-BR", "pt"]).saved == "Guardado.")
    }
}
