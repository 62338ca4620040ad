import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The pages' model builders, without HTML: what each page shows, decided by pure functions.
@Suite struct PageModelTests {
    let property = DemoProperty.make()

    func experience(_ locale: String?) -> Experience {
        ExperienceResolver.resolve(
            property: property, policy: PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0)), region: "DE",
            locale: locale)
    }

    func event(_ choices: [PurposeKey: ConsentChoice], source: ConsentSource, at milliseconds: Int64) throws -> ConsentEvent {
        ConsentEvent(
            id: EventID(rawValue: "e\(milliseconds)"), property: property.id,
            subject: try #require(SubjectKey(bytes: Array(repeating: 7, count: 32))), choices: choices, expiresAt: [:],
            regime: .optIn, policyVersion: 1, policyHash: "h", source: source, recordedAt: Date(millisecondsSince1970: milliseconds))
    }

    @Test func anonymousVisitorGetsTheSDKTagAndTheirCheckboxes() {
        let form = PreferencesPage.Form(
            holder: .visitor("av_0123"), token: "tok", granted: ["necessary", "marketing"], saved: false)
        let model = PreferencesPage.Model.make(property: property, experience: experience("en"), form: form)
        #expect(model.locale == "en")
        #expect(model.title == "Your privacy choices")
        #expect(model.propertyName == "Demo site")
        #expect(model.sdk == .init(property: "demo", locale: "en", visitor: "av_0123", formToken: "tok"))
        #expect(model.action == "/p/demo/preferences?locale=en")
        #expect(model.holderField == "visitor" && model.holderValue == "av_0123" && model.formToken == "tok")
        #expect(model.savedNotice == nil)
        #expect(model.saveLabel == "Save choices" && model.withdrawLabel == "Reject all")
        #expect(model.historyHeading == "History" && model.history.isEmpty)
        #expect(model.purposes.map(\.key) == ["necessary", "analytics", "marketing", "personalization"])
        let necessary = model.purposes[0]
        #expect(necessary.inputID == "pc-necessary" && necessary.name == "Strictly necessary")
        #expect(necessary.checked && necessary.disabled && necessary.alwaysOn == "Always on")
        #expect(model.purposes.filter(\.checked).map(\.key) == ["necessary", "marketing"])
        #expect(model.purposes.dropFirst().allSatisfy { !$0.disabled && $0.alwaysOn == nil })
        #expect(model.frameAncestors == ContentSecurityPolicy.frameAncestors(allowing: property.allowedOrigins))
    }

    @Test func knownSubjectGetsTheirHistoryInTheLocaleAndNoSDK() throws {
        let form = PreferencesPage.Form(
            holder: .link("sealed"), token: "tok", granted: ["necessary"], saved: true,
            history: [
                try event(["analytics": .granted, "marketing": .denied], source: .preferenceCenter, at: 1_700_000_000_000),
                try event(["retired": .granted], source: .api, at: 1_600_000_000_000),
            ])
        let model = PreferencesPage.Model.make(property: property, experience: experience("de"), form: form)
        #expect(model.sdk == nil)
        #expect(model.holderField == "link" && model.holderValue == "sealed")
        #expect(model.locale == "de" && model.action == "/p/demo/preferences?locale=de")
        #expect(model.title == "Ihre Datenschutz-Einstellungen")
        #expect(model.savedNotice == "Gespeichert." && model.historyHeading == "Verlauf")
        #expect(model.purposes[0].alwaysOn == "Immer aktiv" && model.purposes[1].name == "Statistik")
        #expect(
            model.history == [
                "2023-11-14T22:13:20.000Z: Statistik ✓, Marketing ✗ (v1, preferenceCenter)",
                "2020-09-13T12:26:40.000Z: retired ✓ (v1, api)",
            ])
    }

    @Test func savedNoticeFollowsThePageLocale() {
        let form = PreferencesPage.Form(holder: .visitor("av_1"), token: "t", granted: [], saved: true)
        #expect(PreferencesPage.Model.make(property: property, experience: experience(nil), form: form).savedNotice == "Saved.")
        #expect(PreferencesPage.Model.make(property: property, experience: experience("de-AT"), form: form).savedNotice == "Gespeichert.")
    }

    @Test(arguments: ProblemPage.Problem.allCases)
    func problemsSpeakThePageLanguage(problem: ProblemPage.Problem) {
        let english = ProblemPage.Model.make(problem, property: property, locale: nil)
        #expect(english.locale == "en" && english.title == "Privacy choices")
        let german = ProblemPage.Model.make(problem, property: property, locale: "de-CH")
        #expect(german.locale == "de" && german.title == "Datenschutz-Einstellungen")
        #expect(german.message != english.message && !german.message.isEmpty)
        #expect(ProblemPage.Model.make(problem, property: property, locale: "<sv>") == english)
        var dutchByDefault = property
        dutchByDefault.defaultLocale = "nl"
        #expect(ProblemPage.Model.make(problem, property: dutchByDefault, locale: "sv").locale == "nl")
    }

    @Test func problemMessagesSayWhatToDo() {
        let message = { (problem: ProblemPage.Problem) in ProblemPage.Model.make(problem, property: property, locale: "en").message }
        #expect(message(.linkInvalid) == "This link is not valid. Use the link from your latest message.")
        #expect(message(.linkExpired) == "This link has expired. Ask for a new one to change your choices.")
        #expect(message(.formFromElsewhere) == "This form can only be sent from its own page. Open the page again and retry.")
        #expect(message(.formExpired) == "This form has expired. Reload the page and make your choices again.")
        #expect(message(.linkFormExpired) == "This form has expired. Open the link again and make your choices again.")
    }

    @Test func demoShowsTheRegionItIsTold() {
        let detected = DemoPage.Model.make(region: nil)
        #expect(detected.region == nil)
        #expect(detected.regionLinks == ["DE", "US-CA", "JP"])
        #expect(detected.sdkIntegrity == SDKAsset.integrity && detected.sdkIntegrity.hasPrefix("sha384-"))
        #expect(detected.manageLabel == "Privacy choices")
        #expect(DemoPage.Model.make(region: "US-CA").region == "US-CA")
    }
}
