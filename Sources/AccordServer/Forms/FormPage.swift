import AccordCore
import Foundation

/// The hosted form at `/p/{property}/forms/{form}`: a plain HTML form (no JavaScript needed) with a CSRF token
/// bound to the browser, re-shown with each problem beside its field, and after submission the receipt, printable.
/// `Model.make` is pure; `View` renders it with web/templates/form.mustache.
enum FormPage {
    /// What the controller knows when it renders.
    struct State: Sendable {
        var version: FormVersion
        var property: Property
        var locale: String
        var region: String?
        var visitor: String
        var token: String
        /// The answers to show again after a refused submission.
        var answers: [String: FormAnswer] = [:]
        var guardian: FormGuardian?
        /// The address given for a copy, shown again after a refused submission.
        var email: String?
        /// The written revocation of this (HIPAA) form rather than the form itself.
        var revoking = false
        /// The guardian's confirmation page: their link's token and the name the submission gave.
        var guardianToken: String?
        var guardianName: String?
        /// The submission waits for the guardian.
        var pendingGuardian = false
        var problems: [FormProblem] = []
        var recorded: RecordedConsent?
    }

    struct Item: Sendable {
        var key: String
        var inputID: String
        var isChoice = false
        var isField = false
        var isSignature = false
        var inputType = "text"
        var label: String
        var description: String?
        var attestation: String?
        var required: Bool
        var requiredWord = ""
        var signatureWord = ""
        var nameLabel = ""
        var checked = false
        var value = ""
        var error: String?
        var disabled = false
    }

    struct Problem: Sendable {
        var inputID: String
        var message: String
    }

    struct Receipt: Sendable {
        var heading: String
        var message: String
        var eventLabel: String
        var versionLabel: String
        var timeLabel: String
        var receiptLabel: String
        var printHint: String
        var eventID: String
        var formVersion: String
        var recordedAt: String
        var token: String
    }

    struct Guardian: Sendable {
        var heading: String
        var hint: String
        var nameLabel: String
        var emailLabel: String
        var name: String
        var email: String
    }

    struct HIPAASection: Sendable {
        struct Entry: Sendable {
            var term: String
            var text: String
        }
        var heading: String
        var entries: [Entry]
    }

    struct Model: Sendable {
        var locale: String
        var title: String
        var intro: String?
        var propertyName: String
        var action: String
        var visitor: String
        var formToken: String
        var version: Int
        var items: [Item]
        var problems: [Problem]
        var hasProblems: Bool
        var problemsHeading: String
        var submitLabel: String
        var guardian: Guardian?
        var copy: Copy?
        var pending: Pending?
        var hipaa: HIPAASection?
        var receipt: Receipt?
    }
}

extension FormPage.Model {
    /// The page for `state`: the items shown for its region, with answers and problems in place; Accord's own
    /// words in the form's locale (else the property's default, else English), like the form's texts.
    static func make(_ state: FormPage.State) -> FormPage.Model {
        let draft = state.version.draft
        let locale = state.locale
        let fallback = LocaleFallback.chain(for: locale, defaultLocale: state.property.defaultLocale)
        let words = FormTexts.resolve(fallback)
        func text(_ texts: [String: String]?) -> String? {
            guard let texts, !texts.isEmpty else { return nil }
            for candidate in fallback { if let value = texts[candidate] { return value } }
            return texts["en"] ?? texts[texts.keys.sorted()[0]]
        }
        let regime = state.property.rule(for: state.region).regime
        // An item's label: its own, else its purpose's or preference's name in the page's locale, else its key.
        func label(of item: FormItem) -> String? {
            let preference = item.choiceKey.flatMap { PreferenceKey($0) }
            let channelName = item.channel.map { " · " + words.channelName($0) } ?? ""
            let purposeName =
                item.purpose.flatMap { state.property.purpose(PurposeKey(rawValue: $0))?.text(for: fallback).name }
                ?? preference.flatMap { state.property.preferencePurpose($0)?.text(for: fallback).name }.map { $0 + channelName }
            return text(item.label) ?? purposeName ?? item.choiceKey ?? item.key
        }
        // A submission's problems in the page's words where Core gave their reason (the API keeps its English).
        func say(_ problem: FormProblem) -> String {
            guard let reason = problem.reason else { return problem.message }
            let key = problem.field.split(separator: ".").dropFirst().first.map(String.init) ?? ""
            return words.problem(reason, item: key) { key in draft.item(key).flatMap(label(of:)) ?? key }
        }
        let problemsByField = Dictionary(state.problems.map { ($0.field, say($0)) }) { first, _ in first }
        var items: [FormPage.Item] = []
        for item in draft.items ?? [] {
            guard let key = item.key, FormRules.isShown(key, in: draft, region: state.region, regime: regime) else { continue }
            var view = FormPage.Item(
                key: key, inputID: "accord-item-\(key)",
                label: label(of: item) ?? key,
                description: text(item.description)
                    ?? item.purpose.flatMap { state.property.purpose(PurposeKey(rawValue: $0))?.text(for: fallback).description },
                required: FormRules.isRequired(item, in: draft, region: state.region, regime: regime))
            view.requiredWord = words.required
            view.signatureWord = words.signature
            view.nameLabel = words.fullName
            view.error =
                problemsByField["answers.\(key)"] ?? problemsByField["answers.\(key).name"]
                ?? problemsByField["answers.\(key).attested"]
            switch (item.type, state.answers[key]) {
            case (.purpose, let answer), (.preference, let answer):
                view.isChoice = true
                if case .choice(let value)? = answer { view.checked = value }
            case (.field, let answer):
                view.isField = true
                view.inputType = item.fieldType == "date" ? "date" : "text"
                if case .text(let value)? = answer { view.value = value }
            case (.signature, let answer):
                view.isSignature = true
                view.attestation = text(item.attestation)
                if case .signature(let name, let attested)? = answer {
                    view.value = name
                    view.checked = attested
                }
            case (nil, _):
                continue
            }
            items.append(view)
        }
        let problems = state.problems.map { problem -> FormPage.Problem in
            let key = problem.field.split(separator: ".").dropFirst().first.map(String.init) ?? ""
            let id =
                problem.field == "email"
                ? "accord-email"
                : problem.field.hasPrefix("guardian.")
                    ? "accord-guardian-\(problem.field.dropFirst("guardian.".count))" : "accord-item-\(key)"
            return FormPage.Problem(inputID: id, message: say(problem))
        }
        if state.revoking {
            var signature = FormPage.Item(
                key: "revocation", inputID: "accord-item-revocation", isSignature: true, label: words.revocationLabel,
                attestation: words.revocationAttestation, required: true, requiredWord: words.required, signatureWord: words.signature,
                nameLabel: words.fullName)
            signature.error = problemsByField["answers.revocation.name"] ?? problemsByField["answers.revocation.attested"]
            if case .signature(let name, let attested)? = state.answers["revocation"] {
                signature.value = name
                signature.checked = attested
            }
            items = [signature]
        }
        if state.guardianToken != nil {
            for index in items.indices { items[index].disabled = true }
            var confirmation = FormPage.Item(
                key: "guardian", inputID: "accord-item-guardian", isSignature: true, label: words.guardianHeading,
                attestation: words.guardianAttestation, required: true, requiredWord: words.required, signatureWord: words.signature,
                nameLabel: words.fullName)
            confirmation.value = state.guardianName ?? ""
            confirmation.error = problemsByField["answers.guardian.attested"]
            items.append(confirmation)
        }
        let ageRule = state.revoking || state.guardianToken != nil ? nil : (draft.rules ?? []).first { $0.shape == .age && $0.guardian == true }
        let hipaa =
            draft.kind == .hipaaAuthorization
            ? draft.hipaa.map { details in
                FormPage.HIPAASection(
                    heading: words.hipaaHeading,
                    entries: [
                        .init(term: words.hipaaInformation, text: text(details.information) ?? ""),
                        .init(term: words.hipaaDisclosers, text: (details.disclosers ?? []).joined(separator: "; ")),
                        .init(term: words.hipaaRecipients, text: (details.recipients ?? []).joined(separator: "; ")),
                        .init(term: words.hipaaPurposes, text: (details.purposes ?? []).joined(separator: "; ")),
                        .init(term: words.hipaaExpires, text: details.expiration?.date ?? details.expiration?.event ?? ""),
                        .init(term: words.hipaaRevocation, text: text(details.revocation) ?? ""),
                        .init(term: words.hipaaConditioning, text: text(details.conditioning) ?? ""),
                        .init(term: words.hipaaRedisclosure, text: text(details.redisclosure) ?? ""),
                    ])
            } : nil
        var model = FormPage.Model(
            locale: words.locale, title: (state.revoking ? words.revokeTitlePrefix : "") + (text(draft.title) ?? state.version.form),
            intro: state.revoking ? text(draft.hipaa?.revocation) : text(draft.intro),
            propertyName: state.property.name,
            action: "/p/\(state.property.id.rawValue)/forms/\(state.version.form)\(state.revoking ? "/revoke" : "")?locale=\(locale)",
            visitor: state.visitor, formToken: state.token, version: state.version.version, items: items,
            problems: problems, hasProblems: !problems.isEmpty, problemsHeading: words.problemsHeading, submitLabel: words.submit,
            guardian: ageRule.map { rule in
                FormPage.Guardian(
                    heading: words.guardianHeading, hint: FormTexts.fill(words.guardianHint, number: rule.minimumAge ?? 0),
                    nameLabel: words.guardianNameLabel, emailLabel: words.guardianEmailLabel,
                    name: state.guardian?.name ?? "", email: state.guardian?.email ?? "")
            },
            copy: FormPage.Copy(label: words.copyLabel, value: state.email ?? "", error: problemsByField["email"]),
            hipaa: state.revoking ? nil : hipaa,
            receipt: state.recorded.map { recorded in
                FormPage.Receipt(
                    heading: words.receiptHeading, message: words.receiptMessage, eventLabel: words.recordLabel,
                    versionLabel: words.versionLabel, timeLabel: words.recordedAtLabel, receiptLabel: words.receiptLabel,
                    printHint: words.printHint, eventID: recorded.stored.event.id.rawValue,
                    formVersion: "\(state.version.form) v\(state.version.version) (\(state.version.contentHash.prefix(16)))",
                    recordedAt: recorded.stored.event.recordedAt.rfc3339, token: recorded.receipt)
            })
        if let token = state.guardianToken {
            model.action = "/p/\(state.property.id.rawValue)/forms/\(state.version.form)/guardian?token=\(token)"
            model.title = words.guardianTitlePrefix + model.title
            model.submitLabel = words.guardianSubmit
            model.copy = nil
        }
        if state.pendingGuardian {
            model.pending = FormPage.Pending(heading: words.pendingHeading, message: words.pendingMessage)
        }
        if state.revoking {
            model.submitLabel = words.revokeSubmit
            model.receipt?.heading = words.revocationRecorded
        }
        return model
    }
}

extension FormPage {
    /// Shown instead of the form when the submission waits for the guardian.
    struct Pending: Sendable {
        var heading: String
        var message: String
    }

    /// The optional address for an e-mailed copy of the submission.
    struct Copy: Sendable {
        var label: String
        var value: String
        var error: String?
    }

    /// web/templates/form.mustache under a policy with a fresh nonce for its style; framed by nobody.
    struct View: PageView {
        static let template = PageTemplate.form
        var model: Model
        var nonce = ContentSecurityPolicy.makeNonce()

        var policy: ContentSecurityPolicy { .page(nonce: nonce) }
    }
}
