import AccordCore
import Foundation
import Testing

@Suite struct FormValidatorTests {
    /// The demo property with the topics the example forms name: a newsletter by e-mail, offers by SMS.
    static let property: Property = {
        var property = DemoProperty.make()
        property.topics = [
            Topic(key: "newsletter", name: ["en": "Newsletter"], channels: [.email]),
            Topic(key: "offers", name: ["en": "Offers"], channels: [.sms, .email]),
        ]
        return property
    }()

    static let consentForm = FormDraft(
        kind: .consent, title: ["en": "Stay in touch"], intro: ["en": "Choose what we may send you."],
        items: [
            FormItem(key: "research", type: .purpose, purpose: "analytics", required: true),
            FormItem(key: "news", type: .preference, channel: "email", topic: "newsletter"),
            FormItem(key: "dob", type: .field, fieldType: "date", label: ["en": "Date of birth"]),
            FormItem(key: "signature", type: .signature, attestation: ["en": "I confirm the choices above."]),
        ],
        rules: [FormRule(if: "news", requires: "research"), FormRule(minimumAge: 16, dateField: "dob", guardian: true)],
        expiry: ["news": FormExpiry(days: 365)])

    static let hipaaForm = FormDraft(
        kind: .hipaaAuthorization, title: ["en": "Authorization to disclose health information"],
        items: [
            FormItem(key: "disclosure", type: .purpose, purpose: "analytics", required: true),
            FormItem(key: "signature", type: .signature, attestation: ["en": "I authorize this disclosure."]),
        ],
        hipaa: HIPAADetails(
            information: ["en": "Lab results from 2024 to 2026"], disclosers: ["Example Clinic"],
            recipients: ["Example Research Institute"], purposes: ["at the request of the individual"],
            expiration: HIPAAExpiration(date: "2027-12-31"),
            revocation: ["en": "You may revoke this in writing to privacy@clinic.example."],
            conditioning: ["en": "Your treatment does not depend on signing."],
            redisclosure: ["en": "Information disclosed may be redisclosed and no longer protected."]))

    @Test func theIssuesExampleFormPublishes() {
        #expect(FormValidator.problems(of: Self.consentForm, in: Self.property) == [])
    }

    @Test func theIssuesExampleDraftDecodesFromItsJSON() throws {
        let json = """
            {"kind": "consent",
             "title": {"en": "Stay in touch"}, "intro": {"en": "Choose what we may send you."},
             "items": [
               {"key": "research", "type": "purpose", "purpose": "analytics", "required": true},
               {"key": "news", "type": "preference", "channel": "email", "topic": "newsletter"},
               {"key": "dob", "type": "field", "fieldType": "date", "label": {"en": "Date of birth"}},
               {"key": "signature", "type": "signature", "attestation": {"en": "I confirm the choices above."}}],
             "rules": [{"if": "news", "requires": "research"}, {"minimumAge": 16, "dateField": "dob", "guardian": true}],
             "expiry": {"news": {"days": 365}}}
            """
        #expect(try JSONDecoder().decode(FormDraft.self, from: Data(json.utf8)) == Self.consentForm)
    }

    @Test func aCompleteHIPAAAuthorizationPublishes() {
        #expect(FormValidator.problems(of: Self.hipaaForm, in: Self.property) == [])
    }

    static let hipaaRemovals: [(String, @Sendable (inout FormDraft) -> Void)] = [
        ("hipaa.information", { $0.hipaa?.information = nil }),
        ("hipaa.disclosers", { $0.hipaa?.disclosers = [] }),
        ("hipaa.recipients", { $0.hipaa?.recipients = nil }),
        ("hipaa.purposes", { $0.hipaa?.purposes = ["  "] }),
        ("hipaa.expiration", { $0.hipaa?.expiration = HIPAAExpiration() }),
        ("items", { $0.items = $0.items?.filter { $0.type != .signature } }),
        ("hipaa.revocation", { $0.hipaa?.revocation = nil }),
        ("hipaa.conditioning", { $0.hipaa?.conditioning = ["en": ""] }),
        ("hipaa.redisclosure", { $0.hipaa?.redisclosure = nil }),
    ]

    @Test(arguments: 0..<9)
    func eachHIPAAElementRemovedInTurnBlocksPublishingWithItsOwnMessage(_ index: Int) {
        var draft = Self.hipaaForm
        let (field, remove) = Self.hipaaRemovals[index]
        remove(&draft)
        let problems = FormValidator.problems(of: draft, in: Self.property).filter { $0.message.contains("HIPAA") }
        #expect(problems.count == 1)
        #expect(problems.first?.field == field)
        #expect(problems.first?.message.contains(HIPAAElements.all[index].citation) == true)
    }

    @Test func aHIPAAFormMissingEverythingNamesEveryElement() {
        var draft = Self.hipaaForm
        draft.hipaa = nil
        draft.items = [FormItem(key: "disclosure", type: .purpose, purpose: "analytics")]
        let problems = FormValidator.problems(of: draft, in: Self.property)
        #expect(Set(problems.map(\.message)).count == 9)
        #expect(problems.map(\.field) == HIPAAElements.all.map(\.field))
    }

    @Test func aPreferenceMustNameATopicOnItsChannel() {
        var draft = Self.consentForm
        draft.items?[1] = FormItem(key: "news", type: .preference, channel: "sms", topic: "newsletter")
        #expect(FormValidator.problems(of: draft, in: Self.property).map(\.field) == ["items[1].topic"])
        draft.items?[1] = FormItem(key: "news", type: .preference, channel: "email", topic: "nonsense")
        #expect(FormValidator.problems(of: draft, in: Self.property).map(\.field) == ["items[1].topic"])
        draft.items?[1] = FormItem(key: "news", type: .preference, channel: "sms", topic: "offers")
        #expect(FormValidator.problems(of: draft, in: Self.property) == [])
    }

    @Test func aRuleNamingAnUnknownItemIsRefusedWithItsPath() {
        var draft = Self.consentForm
        draft.rules = [FormRule(if: "news", requires: "nonsense"), FormRule(item: "ghost", shownIn: FormScope(regions: ["DE"]))]
        let problems = FormValidator.problems(of: draft, in: Self.property)
        #expect(problems.map(\.field) == ["rules[0].requires", "rules[1].item"])
    }

    @Test func requirementsFormingACycleAreRefused() {
        var draft = Self.consentForm
        draft.items?.append(FormItem(key: "offers", type: .preference, channel: "sms", topic: "offers"))
        draft.rules = [
            FormRule(if: "news", requires: "research"), FormRule(if: "research", requires: "offers"),
            FormRule(if: "offers", requires: "news"),
        ]
        let problems = FormValidator.problems(of: draft, in: Self.property)
        #expect(problems.count == 1)
        #expect(problems.first?.field == "rules[2].requires")
        #expect(problems.first?.message.contains("news → research → offers → news") == true)
    }

    @Test func anAgeRuleWithoutItsDateFieldIsRefused() {
        var draft = Self.consentForm
        draft.rules = [FormRule(minimumAge: 16, guardian: true), FormRule(minimumAge: 13, dateField: "signature")]
        let fields = FormValidator.problems(of: draft, in: Self.property).map(\.field)
        #expect(fields == ["rules[0].dateField", "rules[1]", "rules[1].dateField"])
    }

    @Test func everyStructuralProblemIsNamedAtOnce() {
        let draft = FormDraft(
            kind: nil, title: ["en": " "],
            items: [
                FormItem(key: "A", type: .purpose, purpose: "nope"),
                FormItem(key: "b", type: .preference, channel: "fax", topic: "news"),
                FormItem(key: "b", type: .field, fieldType: "number"),
                FormItem(key: "c", type: nil),
            ],
            rules: [FormRule(if: "b", item: "b")], expiry: ["ghost": FormExpiry(days: 1), "b": FormExpiry(days: 1, endOfYear: true)])
        let fields = FormValidator.problems(of: draft, in: Self.property).map(\.field)
        #expect(
            fields == [
                "kind", "title.en", "items[0].key", "items[0].purpose", "items[1].channel", "items[2].key",
                "items[2].fieldType", "items[2].label", "items[3].type", "rules[0]", "expiry.b", "expiry.ghost",
            ])
    }
}
