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
        var requiredWord = "required"
        var signatureWord = "Signature"
        var nameLabel = "Your full name"
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
        var heading = "Thank you: your choices are recorded"
        var message = "Keep this page: print it or save it. The receipt below is signed by Accord and can be verified."
        var eventLabel = "Record"
        var versionLabel = "Form version"
        var timeLabel = "Recorded at"
        var receiptLabel = "Signed receipt"
        var printHint = "Use your browser's print command for a paper copy."
        var eventID: String
        var formVersion: String
        var recordedAt: String
        var token: String
    }

    struct Guardian: Sendable {
        var heading = "Parent or guardian"
        var hint: String
        var nameLabel = "Parent's or guardian's full name"
        var emailLabel = "Parent's or guardian's e-mail address"
        var name: String
        var email: String
    }

    struct HIPAASection: Sendable {
        struct Entry: Sendable {
            var term: String
            var text: String
        }
        var heading = "About this authorization"
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
        var problemsHeading = "The form could not be submitted:"
        var submitLabel = "Submit"
        var guardian: Guardian?
        var copy: Copy? = Copy(value: "", error: nil)
        var pending: Pending?
        var hipaa: HIPAASection?
        var receipt: Receipt?
    }
}

extension FormPage.Model {
    /// How the page names each channel of a preference item.
    static let channelNames = [
        "email": "E-mail", "sms": "SMS", "phone": "Phone", "post": "Post", "push": "Push notifications", "inApp": "In the app",
    ]

    /// The page for `state`: the items shown for its region, with answers and problems in place.
    static func make(_ state: FormPage.State) -> FormPage.Model {
        let draft = state.version.draft
        let locale = state.locale
        let fallback = LocaleFallback.chain(for: locale, defaultLocale: state.property.defaultLocale)
        func text(_ texts: [String: String]?) -> String? {
            guard let texts, !texts.isEmpty else { return nil }
            for candidate in fallback { if let value = texts[candidate] { return value } }
            return texts["en"] ?? texts[texts.keys.sorted()[0]]
        }
        let regime = state.property.rule(for: state.region).regime
        let problemsByField = Dictionary(state.problems.map { ($0.field, $0.message) }) { first, _ in first }
        var items: [FormPage.Item] = []
        for item in draft.items ?? [] {
            guard let key = item.key, FormRules.isShown(key, in: draft, region: state.region, regime: regime) else { continue }
            let preference = item.choiceKey.flatMap { PreferenceKey($0) }
            let channelName = item.channel.map { " · " + Self.channelNames[$0, default: $0] } ?? ""
            let purposeName =
                item.purpose.flatMap { state.property.purpose(PurposeKey(rawValue: $0))?.name }
                ?? preference.flatMap { state.property.preferencePurpose($0)?.name }.map { $0 + channelName }
            var view = FormPage.Item(
                key: key, inputID: "accord-item-\(key)",
                label: text(item.label) ?? purposeName ?? item.choiceKey ?? key,
                description: text(item.description) ?? item.purpose.flatMap { state.property.purpose(PurposeKey(rawValue: $0))?.description },
                required: FormRules.isRequired(item, in: draft, region: state.region, regime: regime))
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
            return FormPage.Problem(inputID: id, message: problem.message)
        }
        if state.revoking {
            var signature = FormPage.Item(
                key: "revocation", inputID: "accord-item-revocation", isSignature: true, label: "Revocation",
                attestation: "In writing, I revoke this authorisation from now on.", required: true)
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
                key: "guardian", inputID: "accord-item-guardian", isSignature: true, label: "Parent or guardian",
                attestation: "I am this person's parent or guardian and I confirm the choices above.", required: true)
            confirmation.value = state.guardianName ?? ""
            confirmation.error = problemsByField["answers.guardian.attested"]
            items.append(confirmation)
        }
        let ageRule = state.revoking || state.guardianToken != nil ? nil : (draft.rules ?? []).first { $0.shape == .age && $0.guardian == true }
        let hipaa =
            draft.kind == .hipaaAuthorization
            ? draft.hipaa.map { details in
                FormPage.HIPAASection(entries: [
                    .init(term: "Information to be disclosed", text: text(details.information) ?? ""),
                    .init(term: "Who may disclose it", text: (details.disclosers ?? []).joined(separator: "; ")),
                    .init(term: "Who may receive it", text: (details.recipients ?? []).joined(separator: "; ")),
                    .init(term: "Purposes", text: (details.purposes ?? []).joined(separator: "; ")),
                    .init(term: "Expires", text: details.expiration?.date ?? details.expiration?.event ?? ""),
                    .init(term: "Your right to revoke", text: text(details.revocation) ?? ""),
                    .init(term: "Conditioning", text: text(details.conditioning) ?? ""),
                    .init(term: "Redisclosure", text: text(details.redisclosure) ?? ""),
                ])
            } : nil
        var model = FormPage.Model(
            locale: locale, title: (state.revoking ? "Revoke: " : "") + (text(draft.title) ?? state.version.form),
            intro: state.revoking ? text(draft.hipaa?.revocation) : text(draft.intro),
            propertyName: state.property.name,
            action: "/p/\(state.property.id.rawValue)/forms/\(state.version.form)\(state.revoking ? "/revoke" : "")?locale=\(locale)",
            visitor: state.visitor, formToken: state.token, version: state.version.version, items: items,
            problems: problems, hasProblems: !problems.isEmpty,
            guardian: ageRule.map { rule in
                FormPage.Guardian(
                    hint: "Only if you are under \(rule.minimumAge ?? 0): your parent or guardian confirms by e-mail.",
                    name: state.guardian?.name ?? "", email: state.guardian?.email ?? "")
            },
            copy: FormPage.Copy(value: state.email ?? "", error: problemsByField["email"]),
            hipaa: state.revoking ? nil : hipaa,
            receipt: state.recorded.map { recorded in
                FormPage.Receipt(
                    eventID: recorded.stored.event.id.rawValue,
                    formVersion: "\(state.version.form) v\(state.version.version) (\(state.version.contentHash.prefix(16)))",
                    recordedAt: recorded.stored.event.recordedAt.rfc3339, token: recorded.receipt)
            })
        if let token = state.guardianToken {
            model.action = "/p/\(state.property.id.rawValue)/forms/\(state.version.form)/guardian?token=\(token)"
            model.title = "Confirm: " + model.title
            model.submitLabel = "Confirm as parent or guardian"
            model.copy = nil
        }
        if state.pendingGuardian {
            model.pending = FormPage.Pending()
        }
        if state.revoking {
            model.submitLabel = "Revoke authorisation"
            model.receipt?.heading = "Your revocation is recorded"
        }
        return model
    }
}

extension FormPage {
    /// Shown instead of the form when the submission waits for the guardian.
    struct Pending: Sendable {
        var heading = "Almost done: your parent or guardian must confirm"
        var message = "We e-mailed them a link. Nothing is recorded until they confirm."
    }

    /// The optional address for an e-mailed copy of the submission.
    struct Copy: Sendable {
        var label = "E-mail me a copy (optional)"
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
