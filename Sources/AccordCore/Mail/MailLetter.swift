import Foundation

/// One e-mail's content before it is laid out: what the text and HTML templates show. Built by a pure function
/// from the request, the property and the link, so every kind of e-mail is tested without a server.
public struct MailLetter: Hashable, Sendable {
    /// One line of a list: a purpose and, for a change, its new status.
    public struct Item: Hashable, Sendable {
        public var name: String
        public var status: String?
    }

    public var locale: String
    public var subject: String
    public var propertyName: String
    public var heading: String
    public var paragraphs: [String]
    public var items: [Item]
    public var actionLabel: String
    public var actionURL: String
    public var footer: String

    /// The letter for `request` about `property`, linking to `link` (the confirmation or preference URL);
    /// `statuses` gives each purpose's current choice for `choicesChanged`.
    public static func make(
        _ request: MailRequest, property: Property, link: String, statuses: [PurposeKey: ConsentChoice] = [:]
    ) -> MailLetter {
        let texts = MailTexts.resolve(requested: request.locale, defaultLocale: property.defaultLocale)
        let date = request.expiresAt.map(Self.day) ?? ""
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{property}", with: property.name).replacingOccurrences(of: "{date}", with: date)
        }
        let names = Dictionary(property.purposes.map { ($0.key, $0.name) }) { first, _ in first }
        func items(withStatus: Bool) -> [Item] {
            request.purposes.map { key in
                let status = statuses[key].map { $0 == .granted ? texts.granted : texts.denied }
                return Item(name: names[key] ?? key.rawValue, status: withStatus ? status : nil)
            }
        }
        let parts: (String, String, [String], [Item], String) =
            switch request.kind {
            case .contactConfirmation:
                (texts.confirmSubject, texts.confirmHeading, [texts.confirmBody, texts.confirmIgnore], [], texts.confirmAction)
            case .reconsentReminder:
                (texts.reminderSubject, texts.reminderHeading, [texts.reminderBody], items(withStatus: false), texts.reminderAction)
            case .choicesChanged:
                (texts.changedSubject, texts.changedHeading, [texts.changedBody], items(withStatus: true), texts.changedAction)
            case .requestCode, .requestAcknowledged, .requestVerifyReminder, .requestUnverifiable, .requestExtended, .requestClosed,
                .requestDueSoon, .formCopy, .formRevoked, .guardianConfirmation, .requestPackage:
                // Written by `RequestLetters` or `FormLetters`, which knows the request; this is never reached for them.
                (property.name, property.name, [], [], texts.changedAction)
            }
        return MailLetter(
            locale: texts.locale, subject: fill(parts.0), propertyName: property.name, heading: fill(parts.1),
            paragraphs: parts.2.map(fill), items: parts.3, actionLabel: parts.4, actionURL: link, footer: fill(texts.footer))
    }

    /// `2026-12-30`: a date every reader reads the same way.
    static func day(_ date: Date) -> String {
        String(date.rfc3339.prefix(10))
    }

    /// `2026-12-30`, the day `date` falls on in `zone` (a request deadline ends at 23:59:59 of its zone's day).
    static func day(_ date: Date, in zone: TimeZone) -> String {
        LocalDate(date, in: zone).description
    }
}
