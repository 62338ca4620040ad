import AccordCore
import Foundation
import Testing

@Suite struct FormRulesTests {
    let now = FormDates.day("2026-11-30")!.addingTimeInterval(9 * 3600)
    let draft = FormValidatorTests.consentForm

    func evaluate(_ answers: [String: FormAnswer], guardian: FormGuardian? = nil, draft: FormDraft? = nil, region: String? = "DE")
        -> FormEvaluation
    {
        FormRules.evaluate(draft ?? self.draft, answers: answers, guardian: guardian, region: region, regime: .optIn, at: now)
    }

    let signed: FormAnswer = .signature(name: "Ada Lovelace", attested: true)

    @Test func aCompleteSubmissionRecordsItsChoicesWithTheFormsExpiry() {
        let result = evaluate(["research": .choice(true), "news": .choice(true), "dob": .text("1990-05-01"), "signature": signed])
        #expect(result.problems == [])
        #expect(result.choices == ["analytics": .granted, "email.newsletter": .granted])
        #expect(result.expiries == ["email.newsletter": now.addingTimeInterval(365 * 86_400)])
        #expect(result.signatures == ["signature": "Ada Lovelace"])
        #expect(!result.needsGuardian)
    }

    @Test func aMissingRequiredItemAndSignatureAreNamed() {
        let result = evaluate(["news": .choice(false), "dob": .text("1990-05-01")])
        #expect(result.problems.map(\.field) == ["answers.research", "answers.signature"])
    }

    @Test func anUnattestedOrUnnamedSignatureIsRefused() {
        let result = evaluate([
            "research": .choice(true), "dob": .text("1990-05-01"), "signature": .signature(name: " ", attested: false),
        ])
        #expect(result.problems.map(\.field) == ["answers.signature.name", "answers.signature.attested"])
    }

    @Test func anItemRequiringAnotherIsRefusedWithoutIt() {
        var draft = self.draft
        draft.items?[0].required = false
        let result = evaluate(
            ["research": .choice(false), "news": .choice(true), "dob": .text("1990-05-01"), "signature": signed], draft: draft)
        #expect(
            result.problems == [FormProblem(field: "answers.news", message: "'news' needs 'research' too", reason: .needs("research"))])
    }

    @Test func underTheMinimumAgeAGuardianMustConfirm() {
        let answers: [String: FormAnswer] = ["research": .choice(true), "dob": .text("2015-01-01"), "signature": signed]
        let missing = evaluate(answers)
        #expect(missing.needsGuardian)
        #expect(missing.problems.map(\.field) == ["guardian.name", "guardian.email"])
        let given = evaluate(answers, guardian: FormGuardian(name: "Grace Hopper", email: "grace@example.org"))
        #expect(given.needsGuardian && given.problems.isEmpty)
        #expect(!evaluate(["research": .choice(true), "dob": .text("2010-11-30"), "signature": signed]).needsGuardian)
        #expect(evaluate(["research": .choice(true), "dob": .text("2010-12-01"), "signature": signed]).needsGuardian)
    }

    @Test func anAgeRuleWithoutItsDateIsNamed() {
        let result = evaluate(["research": .choice(true), "signature": signed])
        #expect(result.problems.map(\.field) == ["answers.dob"])
    }

    @Test func itemsShownOnlyInSomeRegionsAreLeftOutElsewhere() {
        var draft = self.draft
        draft.rules = [FormRule(item: "news", shownIn: FormScope(regions: ["US"])), FormRule(item: "dob", requiredIn: FormScope(regimes: [.optIn]))]
        let answers: [String: FormAnswer] = ["research": .choice(true), "news": .choice(true), "signature": signed]
        let germany = evaluate(answers, draft: draft, region: "DE")
        #expect(germany.choices == ["analytics": .granted])
        #expect(germany.problems.map(\.field) == ["answers.dob"])
        let california = FormRules.evaluate(draft, answers: answers, guardian: nil, region: "US-CA", regime: .optOut, at: now)
        #expect(california.choices["email.newsletter"] == .granted)
        #expect(california.problems.isEmpty)
    }

    @Test func expiriesAreADateADurationOrTheEndOfTheYear() {
        #expect(FormRules.expiry(FormExpiry(date: "2027-03-01"), from: now) == FormDates.day("2027-03-01"))
        #expect(FormRules.expiry(FormExpiry(days: 2), from: now) == now.addingTimeInterval(2 * 86_400))
        #expect(FormRules.expiry(FormExpiry(months: 3), from: now) == FormDates.day("2027-02-28")!.addingTimeInterval(9 * 3600))
        #expect(FormRules.expiry(FormExpiry(endOfYear: true), from: now) == FormDates.day("2027-01-01"))
    }

    @Test func answersForUnknownItemsAreRefused() {
        let result = evaluate(["research": .choice(true), "dob": .text("1990-05-01"), "signature": signed, "extra": .choice(true)])
        #expect(result.problems.map(\.field) == ["answers.extra"])
    }
}

@Suite struct FormConfigPlannerTests {
    @Test func applyPublishesChangedFormsOnceAndExportReadsThemBack() async throws {
        let store = InMemoryConsentStore()
        let property = DemoProperty.make()
        try await store.importProperty(property)
        let planner = FormConfigPlanner(store: store)
        var entry = ConfigForm(property: property.id, key: "signup", form: FormValidatorTests.hipaaForm)
        let first = try await planner.plan([entry], desired: [property])
        #expect(first.map(\.description) == ["! form demo/signup: publish version 1"])
        try await planner.apply(first, at: Date())
        #expect(try await planner.plan([entry], desired: [property]).isEmpty)
        #expect(try await planner.export([property]) == [entry])
        entry.form.title = ["en": "Changed"]
        #expect(try await planner.plan([entry], desired: [property]).map(\.version) == [2])
        entry.form.hipaa?.redisclosure = nil
        await #expect(throws: ConfigurationError.self) { try await planner.plan([entry], desired: [property]) }
    }
}
