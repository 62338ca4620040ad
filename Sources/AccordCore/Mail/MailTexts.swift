/// The words of Accord's e-mails in one language. `{property}` stands for the property's name, `{date}` for a
/// date; English and German are shipped, anything else falls back like the pages (`LocaleFallback`).
public struct MailTexts: Hashable, Sendable {
    public var locale: String
    public var confirmSubject: String
    public var confirmHeading: String
    public var confirmBody: String
    public var confirmAction: String
    public var confirmIgnore: String
    public var reminderSubject: String
    public var reminderHeading: String
    public var reminderBody: String
    public var reminderAction: String
    public var changedSubject: String
    public var changedHeading: String
    public var changedBody: String
    public var changedAction: String
    public var granted: String
    public var denied: String
    public var footer: String
    /// The confirmation page: its title, the question and button, and the two answers.
    public var pageTitle: String
    public var pageQuestion: String
    public var pageButton: String
    public var pageConfirmed: String
    public var pageOutdated: String

    /// English, the last fallback.
    public static let english = MailTexts(
        locale: "en",
        confirmSubject: "Confirm your e-mail address for {property}",
        confirmHeading: "Please confirm your e-mail address",
        confirmBody: "{property} was given this address to contact you about your privacy choices. "
            + "It will only be used once you confirm it.",
        confirmAction: "Confirm this address",
        confirmIgnore: "If you did not expect this message, ignore it: nothing will be sent to you.",
        reminderSubject: "Your consent for {property} expires on {date}",
        reminderHeading: "Your consent is about to expire",
        reminderBody: "The consent you gave {property} for the purposes below expires on {date}. "
            + "If you want it to continue, confirm your choices; otherwise nothing needs to be done.",
        reminderAction: "Review your choices",
        changedSubject: "Your privacy choices for {property} were saved",
        changedHeading: "Your choices were saved",
        changedBody: "{property} recorded these choices for you:",
        changedAction: "Change your choices",
        granted: "allowed",
        denied: "not allowed",
        footer: "This message was sent by {property} about your privacy choices. It contains no tracking.",
        pageTitle: "Confirm your e-mail address",
        pageQuestion: "Confirm that {property} may use this address to contact you about your privacy choices.",
        pageButton: "Confirm",
        pageConfirmed: "Thank you: your address is confirmed.",
        pageOutdated: "This link is for an address that is no longer on record. Nothing was changed.")

    /// German.
    public static let german = MailTexts(
        locale: "de",
        confirmSubject: "Bestätigen Sie Ihre E-Mail-Adresse für {property}",
        confirmHeading: "Bitte bestätigen Sie Ihre E-Mail-Adresse",
        confirmBody: "{property} hat diese Adresse erhalten, um Sie zu Ihren Datenschutzeinstellungen zu kontaktieren. "
            + "Sie wird erst verwendet, wenn Sie sie bestätigen.",
        confirmAction: "Adresse bestätigen",
        confirmIgnore: "Wenn Sie diese Nachricht nicht erwartet haben, ignorieren Sie sie: Sie erhalten dann nichts weiter.",
        reminderSubject: "Ihre Einwilligung für {property} läuft am {date} ab",
        reminderHeading: "Ihre Einwilligung läuft bald ab",
        reminderBody: "Ihre Einwilligung gegenüber {property} für die folgenden Zwecke läuft am {date} ab. "
            + "Wenn sie weiter gelten soll, bestätigen Sie Ihre Auswahl; andernfalls müssen Sie nichts tun.",
        reminderAction: "Auswahl prüfen",
        changedSubject: "Ihre Datenschutzeinstellungen für {property} wurden gespeichert",
        changedHeading: "Ihre Auswahl wurde gespeichert",
        changedBody: "{property} hat diese Auswahl für Sie gespeichert:",
        changedAction: "Auswahl ändern",
        granted: "erlaubt",
        denied: "nicht erlaubt",
        footer: "Diese Nachricht hat {property} zu Ihren Datenschutzeinstellungen gesendet. Sie enthält kein Tracking.",
        pageTitle: "E-Mail-Adresse bestätigen",
        pageQuestion: "Bestätigen Sie, dass {property} Sie unter dieser Adresse zu Ihren Datenschutzeinstellungen kontaktieren darf.",
        pageButton: "Bestätigen",
        pageConfirmed: "Danke: Ihre Adresse ist bestätigt.",
        pageOutdated: "Dieser Link gilt für eine Adresse, die nicht mehr hinterlegt ist. Es wurde nichts geändert.")

    /// Every shipped language by tag.
    public static let shipped: [String: MailTexts] = ["en": english, "de": german]

    /// The texts for a requested locale on a property's default locale.
    public static func resolve(requested: String?, defaultLocale: String) -> MailTexts {
        LocaleFallback.chain(for: requested, defaultLocale: defaultLocale).lazy.compactMap { shipped[$0] }.first ?? english
    }
}
