/// The words of the hosted privacy-request form and its status page, per locale (English and German shipped; other
/// locales fall back like the other pages: `de-AT` → `de` → the property's default → `en`).
public struct RequestPageTexts: Hashable, Sendable {
    public var locale: String
    public var title: String
    public var intro: String
    public var typeLabel: String
    public var types: [RequestType: String]
    public var emailLabel: String
    public var emailHint: String
    public var jurisdictionLabel: String
    public var jurisdictionHint: String
    public var detailsLabel: String
    public var correctionFieldLabel: String
    public var correctionValueLabel: String
    public var submit: String
    public var honeypotLabel: String
    public var statusTitle: String
    public var reference: String
    public var statusLabel: String
    public var statuses: [RequestStatus: String]
    public var dueLabel: String
    public var codeLabel: String
    public var codeHint: String
    public var verify: String
    public var resend: String
    public var verified: String
    public var codeSentNotice: String
    public var errorHeading: String
    public var formExpired: String

    public static let english = RequestPageTexts(
        locale: "en", title: "Make a privacy request",
        intro: "Ask us for a copy of your data, to delete or correct it, or to stop selling or sharing it. "
            + "We send a code to your e-mail address to make sure the request comes from you.",
        typeLabel: "What would you like us to do?",
        types: [
            .access: "Tell me what personal data you hold about me", .deletion: "Delete my personal data",
            .correction: "Correct my personal data", .optOut: "Do not sell or share my personal data",
            .limitSensitive: "Limit the use of my sensitive personal data", .portability: "Send me a copy of my data",
            .restriction: "Restrict the processing of my data", .objection: "I object to the processing of my data",
            .appeal: "Appeal an earlier decision",
        ],
        emailLabel: "Your e-mail address", emailHint: "We send the code and our answer here.",
        jurisdictionLabel: "Where you live", jurisdictionHint: "A country or state code, such as US-CA, DE or FR.",
        detailsLabel: "Details (optional)", correctionFieldLabel: "What is wrong (for a correction)",
        correctionValueLabel: "What it should be (for a correction)", submit: "Send request",
        honeypotLabel: "Leave this field empty", statusTitle: "Your privacy request", reference: "Reference",
        statusLabel: "Status",
        statuses: [
            .verifying: "Waiting for your code", .verified: "Verified: we are preparing our answer",
            .inProgress: "In progress", .completed: "Completed", .denied: "Denied", .withdrawn: "Withdrawn",
            .unverifiable: "Closed: it was not confirmed in time",
        ],
        dueLabel: "We answer by", codeLabel: "The 6-digit code from our e-mail", codeHint: "The code is valid for 30 minutes.",
        verify: "Confirm", resend: "Send a new code", verified: "Thank you: your request is confirmed.",
        codeSentNotice: "We sent a new code to your e-mail address.", errorHeading: "Please check the form",
        formExpired: "This form has expired or was opened in another browser. Please try again.")

    public static let german = RequestPageTexts(
        locale: "de", title: "Datenschutzanfrage stellen",
        intro: "Fragen Sie nach einer Kopie Ihrer Daten, lassen Sie sie löschen oder berichtigen, oder widersprechen Sie "
            + "ihrem Verkauf oder ihrer Weitergabe. Wir senden einen Code an Ihre E-Mail-Adresse, um sicherzugehen, dass "
            + "die Anfrage von Ihnen stammt.",
        typeLabel: "Was sollen wir tun?",
        types: [
            .access: "Mir sagen, welche personenbezogenen Daten Sie über mich haben", .deletion: "Meine Daten löschen",
            .correction: "Meine Daten berichtigen", .optOut: "Meine Daten nicht verkaufen oder weitergeben",
            .limitSensitive: "Die Nutzung meiner sensiblen Daten einschränken", .portability: "Mir eine Kopie meiner Daten senden",
            .restriction: "Die Verarbeitung meiner Daten einschränken", .objection: "Ich widerspreche der Verarbeitung",
            .appeal: "Gegen eine frühere Entscheidung Einspruch erheben",
        ],
        emailLabel: "Ihre E-Mail-Adresse", emailHint: "Hierhin senden wir den Code und unsere Antwort.",
        jurisdictionLabel: "Wo Sie wohnen", jurisdictionHint: "Ein Länder- oder Regionscode wie DE, AT oder US-CA.",
        detailsLabel: "Einzelheiten (freiwillig)", correctionFieldLabel: "Was ist falsch (bei einer Berichtigung)",
        correctionValueLabel: "Wie es richtig lautet (bei einer Berichtigung)", submit: "Anfrage senden",
        honeypotLabel: "Dieses Feld leer lassen", statusTitle: "Ihre Datenschutzanfrage", reference: "Aktenzeichen",
        statusLabel: "Stand",
        statuses: [
            .verifying: "Wartet auf Ihren Code", .verified: "Bestätigt: wir bereiten unsere Antwort vor",
            .inProgress: "In Bearbeitung", .completed: "Erledigt", .denied: "Abgelehnt", .withdrawn: "Zurückgezogen",
            .unverifiable: "Geschlossen: nicht rechtzeitig bestätigt",
        ],
        dueLabel: "Wir antworten bis", codeLabel: "Der 6-stellige Code aus unserer E-Mail",
        codeHint: "Der Code ist 30 Minuten gültig.", verify: "Bestätigen", resend: "Neuen Code senden",
        verified: "Danke: Ihre Anfrage ist bestätigt.", codeSentNotice: "Wir haben einen neuen Code an Ihre E-Mail-Adresse gesandt.",
        errorHeading: "Bitte prüfen Sie das Formular",
        formExpired: "Dieses Formular ist abgelaufen oder wurde in einem anderen Browser geöffnet. Bitte versuchen Sie es erneut.")

    /// The texts for `requested`, falling back to the property's default locale, then English.
    public static func resolve(requested: String?, defaultLocale: String) -> RequestPageTexts {
        for candidate in [requested, defaultLocale].compactMap({ $0?.lowercased() }) {
            let language = candidate.split(separator: "-").first.map(String.init) ?? candidate
            if language == "de" { return german }
            if language == "en" { return english }
        }
        return english
    }
}
