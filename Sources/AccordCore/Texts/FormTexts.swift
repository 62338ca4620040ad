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
