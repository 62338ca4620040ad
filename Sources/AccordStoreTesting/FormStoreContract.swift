import AccordCore
import Foundation
import Testing

/// What every store of forms must do: keep drafts (replaced on save), keep published versions exactly and never
/// publish one number twice, list both, refuse unknown properties, and store events recorded through a form with
/// their form reference in the chain.
public enum FormStoreContract {
    static let draft = FormDraft(
        kind: .consent, title: ["en": "Stay in touch"], intro: ["en": "Choose what we may send you."],
        items: [
            FormItem(key: "research", type: .purpose, purpose: "analytics", required: true),
            FormItem(key: "news", type: .preference, channel: "email", topic: "newsletter"),
            FormItem(key: "dob", type: .field, fieldType: "date", label: ["en": "Date of birth"]),
            FormItem(key: "signature", type: .signature, attestation: ["en": "I confirm the choices above."]),
        ],
        rules: [FormRule(if: "news", requires: "research"), FormRule(minimumAge: 16, dateField: "dob", guardian: true)],
        expiry: ["news": FormExpiry(days: 365)])

    public static let cases: [ContractCase] = [
        ContractCase(name: "aSavedFormDraftIsReadBackAndReplacedBySavingAgain") { store in
            let fixture = try await ContractFixture.make(in: store)
            let saved = StoredFormDraft(
                property: fixture.property.id, form: "signup", draft: draft, updatedAt: fixture.start, updatedBy: "key admin")
            try await store.saveFormDraft(saved)
            #expect(try await store.formDraft("signup", of: fixture.property.id) == saved)
            var changed = saved
            changed.draft.title = ["en": "Keep in touch", "de": "Bleiben Sie in Kontakt"]
            changed.updatedAt = fixture.start.addingTimeInterval(60)
            try await store.saveFormDraft(changed)
            #expect(try await store.formDraft("signup", of: fixture.property.id) == changed)
            #expect(try await store.formDraft("other", of: fixture.property.id) == nil)
        },
        ContractCase(name: "aPublishedFormVersionIsKeptExactlyAndItsNumberIsNeverReused") { store in
            let fixture = try await ContractFixture.make(in: store)
            let first = FormVersion(
                property: fixture.property.id, form: "signup", version: 1, draft: draft, at: fixture.start, by: "key admin")
            try await store.saveFormVersion(first)
            var other = draft
            other.title = ["en": "Something else"]
            let rival = FormVersion(
                property: fixture.property.id, form: "signup", version: 1, draft: other, at: fixture.start, by: "someone")
            await #expect(throws: FormStoreError.versionExists(fixture.property.id, "signup", 1)) {
                try await store.saveFormVersion(rival)
            }
            let second = FormVersion(
                property: fixture.property.id, form: "signup", version: 2, draft: other, at: fixture.start, by: "key admin")
            try await store.saveFormVersion(second)
            #expect(try await store.formVersion(1, of: "signup", in: fixture.property.id) == first)
            #expect(try await store.latestFormVersion(of: "signup", in: fixture.property.id) == second)
            #expect(try await store.formVersion(3, of: "signup", in: fixture.property.id) == nil)
            #expect(first.contentHash != second.contentHash)
        },
        ContractCase(name: "formsAreListedByKeyWithTheirDraftAndNewestVersion") { store in
            let fixture = try await ContractFixture.make(in: store)
            let other = try await ContractFixture.make(in: store)
            let saved = StoredFormDraft(
                property: fixture.property.id, form: "b-draft", draft: draft, updatedAt: fixture.start, updatedBy: "x")
            try await store.saveFormDraft(saved)
            for version in 1...2 {
                try await store.saveFormVersion(
                    FormVersion(property: fixture.property.id, form: "a-published", version: version, draft: draft, at: fixture.start, by: "x"))
            }
            try await store.saveFormDraft(
                StoredFormDraft(property: other.property.id, form: "elsewhere", draft: draft, updatedAt: fixture.start, updatedBy: "x"))
            let listed = try await store.forms(of: fixture.property.id)
            #expect(
                listed == [
                    FormSummary(form: "a-published", draft: nil, latestVersion: 2),
                    FormSummary(form: "b-draft", draft: saved, latestVersion: nil),
                ])
        },
        ContractCase(name: "formsOfAnUnknownPropertyAreRefused") { store in
            let unknown = PropertyID(rawValue: "no-such-property")
            await #expect(throws: StoreError.propertyNotFound(unknown)) {
                try await store.saveFormDraft(
                    StoredFormDraft(property: unknown, form: "f", draft: draft, updatedAt: Date(), updatedBy: "x"))
            }
            await #expect(throws: StoreError.propertyNotFound(unknown)) {
                try await store.saveFormVersion(FormVersion(property: unknown, form: "f", version: 1, draft: draft, at: Date(), by: "x"))
            }
        },
        ContractCase(name: "anEventRecordedThroughAFormKeepsItsFormReferenceAndTheChainVerifies") { store in
            let fixture = try await ContractFixture.make(in: store)
            let version = FormVersion(
                property: fixture.property.id, form: "signup", version: 1, draft: draft, at: fixture.start, by: "x")
            try await store.saveFormVersion(version)
            let subject = fixture.newSubject()
            var event = fixture.event(subject, ["analytics": .granted], source: .form)
            event.form = version.reference
            let results = try await store.append([event, fixture.event(subject, ["analytics": .denied], offset: 1)])
            #expect(results.first?.stored?.event == event)
            let history = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
            #expect(history.last?.event.form == version.reference)
            #expect(history.last?.event.source == .form)
            #expect(history.first?.event.form == nil)
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]
}

extension FormStoreContract {
    /// Evidence is kept once per event and read back exactly.
    public static let evidenceCases: [ContractCase] = [
        ContractCase(name: "signatureEvidenceIsKeptOncePerEvent") { store in
            let fixture = try await ContractFixture.make(in: store)
            let version = FormVersion(property: fixture.property.id, form: "signup", version: 1, draft: draft, at: fixture.start, by: "x")
            try await store.saveFormVersion(version)
            let subject = fixture.newSubject()
            var event = fixture.event(subject, ["analytics": .granted], source: .form)
            event.form = version.reference
            _ = try await store.append([event])
            let evidence = FormEvidence(
                property: fixture.property.id, event: event.id, subject: subject, form: version.reference,
                signedAt: fixture.start, sealed: [1, 2, 3])
            try await store.saveFormEvidence(evidence)
            var again = evidence
            again.sealed = [9]
            try await store.saveFormEvidence(again)
            #expect(try await store.formEvidence(of: event.id, in: fixture.property.id) == evidence)
            #expect(try await store.formEvidence(of: EventID(rawValue: "nope"), in: fixture.property.id) == nil)
        }
    ]
}
