/// The words Accord's hosted forms and their e-mails show around a form's own texts (its title, intro, labels
/// and attestations come from the form version, per locale): labels, the receipt, the guardian and HIPAA
/// sections, the revocation, and the channels' names, also in the preference center. Shipped in every locale of
/// `ShippedTranslations.locales` (a test checks); the form's locale, else the property's default, else English.
public struct FormTexts: Hashable, Sendable {
    /// The shipped locale these texts are in, for the page's `lang`.
    public var locale: String
    /// Beside a required item.
    public var required: String
    /// Over a signature block.
    public var signature: String
    /// The signature's name field.
    public var fullName: String
    /// Over the list of problems of a refused submission.
    public var problemsHeading: String
    /// The submit button.
    public var submit: String
    /// The optional address for a copy.
    public var copyLabel: String
    /// The receipt after a submission.
    public var receiptHeading: String
    public var receiptMessage: String
    public var recordLabel: String
    public var versionLabel: String
    public var recordedAtLabel: String
    public var receiptLabel: String
    public var printHint: String
    /// The guardian section of an age rule; `%d` is the minimum age.
    public var guardianHeading: String
    public var guardianHint: String
    public var guardianNameLabel: String
    public var guardianEmailLabel: String
    /// The guardian's confirmation page.
    public var guardianAttestation: String
    public var guardianTitlePrefix: String
    public var guardianSubmit: String
    public var guardianProblem: String
    /// The page shown while the guardian has to confirm.
    public var pendingHeading: String
    public var pendingMessage: String
    /// The HIPAA section's heading and terms (45 CFR 164.508(c)).
    public var hipaaHeading: String
    public var hipaaInformation: String
    public var hipaaDisclosers: String
    public var hipaaRecipients: String
    public var hipaaPurposes: String
    public var hipaaExpires: String
    public var hipaaRevocation: String
    public var hipaaConditioning: String
    public var hipaaRedisclosure: String
    /// The written revocation of an authorisation.
    public var revocationLabel: String
    public var revocationAttestation: String
    public var revokeTitlePrefix: String
    public var revokeSubmit: String
    public var revocationRecorded: String
    /// The channels' names, by `Purpose.Channel` raw value.
    public var channels: [String: String]
    /// A submission's problems as the hosted form says them (`FormProblem.Reason`).
    public var problems: FormProblemTexts
    /// The e-mails: the guardian's request (`%1$@` the property, `%2$@` the form), the copy, the revocation.
    public var letters: FormLetterTexts

    /// The texts in the first locale of a fallback chain that Accord ships them in, else English.
    public static func resolve(_ chain: [String]) -> FormTexts {
        chain.lazy.compactMap { ShippedTranslations.forms[$0] }.first ?? ShippedTranslations.englishForms
    }

    /// The texts for a requested locale (unchecked: anything unknown falls back) on a property's default locale.
    public static func resolve(requested: String?, defaultLocale: String) -> FormTexts {
        resolve(LocaleFallback.chain(for: requested, defaultLocale: defaultLocale))
    }

    /// `reason` in these words; `label` names an item by its key (its label on the page).
    public func problem(_ reason: FormProblem.Reason, item: String, label: (String) -> String) -> String {
        let words = problems
        switch reason {
        case .unknownItem: return Self.fill(words.unknownItem, label(item))
        case .required: return Self.fill(words.required, label(item))
        case .notADate: return Self.fill(words.notADate, label(item))
        case .tooLong: return Self.fill(words.tooLong, label(item))
        case .signatureName: return words.signatureName
        case .signatureAttestation: return words.signatureAttestation
        case .unsigned: return words.unsigned
        case .wrongAnswer: return Self.fill(words.wrongAnswer, label(item))
        case .needs(let other): return Self.fill(words.needs, label(item), label(other))
        case .birthDateNeeded: return words.birthDateNeeded
        case .birthDateInFuture: return words.birthDateInFuture
        case .tooYoung(let age): return Self.fill(words.tooYoung, number: age)
        case .guardianName(let age): return Self.fill(words.guardianName, number: age)
        case .guardianEmail(let age): return Self.fill(words.guardianEmail, number: age)
        }
    }

    /// The channel's name in these texts (its raw value when none is known).
    public func channelName(_ channel: String) -> String { channels[channel] ?? channel }

    /// `template` with `%d` replaced by `number`, `%@` by the first text and `%1$@`, `%2$@` ... by the texts in
    /// order, in one pass (a text holding `%@` stays as it is): a string to fill, never a format for
    /// `String(format:)`, so no translation can crash a page.
    public static func fill(_ template: String, number: Int? = nil, _ texts: String...) -> String {
        var result = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.hasPrefix("d"), let number {
                result += String(number)
                rest = after.dropFirst()
            } else if after.hasPrefix("@"), let first = texts.first {
                result += first
                rest = after.dropFirst()
            } else if let digit = after.first?.wholeNumberValue, digit >= 1, digit <= texts.count, after.dropFirst().hasPrefix("$@") {
                result += texts[digit - 1]
                rest = after.dropFirst(3)
            } else {
                result += "%"
                rest = after
            }
        }
        return result + rest
    }
}

/// The words of a submission's problems on the hosted form; `%@` (or `%1$@`, `%2$@`) names the items, `%d` the age.
public struct FormProblemTexts: Hashable, Sendable {
    public var unknownItem: String
    public var required: String
    public var notADate: String
    public var tooLong: String
    public var signatureName: String
    public var signatureAttestation: String
    public var unsigned: String
    public var wrongAnswer: String
    public var needs: String
    public var birthDateNeeded: String
    public var birthDateInFuture: String
    public var tooYoung: String
    public var guardianName: String
    public var guardianEmail: String
}

/// The words of the form e-mails.
public struct FormLetterTexts: Hashable, Sendable {
    public var guardianSubject: String
    public var guardianHeading: String
    public var guardianBody: String
    public var guardianChoices: String
    public var guardianAction: String
    public var revokedSubject: String
    public var revokedHeading: String
    public var revokedBody: String
    public var revokedNow: String
    public var copySubject: String
    public var copyHeading: String
    public var copyBody: String
    public var copyChoices: String
    public var openForm: String
    /// `%1$@` the form, `%2$@` the version number, `%3$@` the content hash.
    public var versionLine: String
    public var receiptLine: String
    public var yes: String
    public var no: String
    public var footer: String
}
