import Foundation

extension RequestLetters {
    /// Who the due-soon reminder goes to: the request's assignee when that is an e-mail address, else the property's
    /// `privacyContact`; nil when there is neither (the `request.dueSoon` webhook still goes out).
    public static func dueSoonRecipient(of request: PrivacyRequest, property: Property) -> String? {
        if let assignee = request.assignee, let address = ConsoleUser.normalizedEmail(assignee) { return address }
        return property.privacyContact.flatMap(ConsoleUser.normalizedEmail)
    }

    /// The reminder to the privacy team that a request falls due, 7 and 2 days before its due date (issue 13 §3). It
    /// says which request, of what type, under which law, due which day in the property's zone and how many days are
    /// left, and links to the request's console page; it never carries the requester's address or what they wrote,
    /// since a reminder may be forwarded or read on a phone, and the console shows the rest to those allowed to see it.
    public static func dueSoon(_ request: PrivacyRequest, property: Property, now: Date, link: String) -> MailLetter {
        let calendar = property.deadlineCalendar
        let due = request.effectiveDueAt ?? now
        let day = MailLetter.day(due, in: calendar.timeZone)
        let left = calendar.date(of: now).days(to: calendar.date(of: due))
        let when =
            switch left {
            case ..<0: "overdue since \(day)"
            case 0: "due today, \(day)"
            case 1: "due tomorrow, \(day)"
            default: "due in \(left) days, on \(day)"
            }
        let law = request.clock.flatMap { LawTable.law(id: $0.law)?.name } ?? request.law ?? "no known law"
        var paragraphs = [
            "The \(request.type.rawValue) request \(request.id) to \(property.name) is \(when) (\(calendar.zoneName)).",
            "Law: \(law). Status: \(request.status.rawValue)."
                + (request.extendedDueAt == nil ? "" : " The deadline was already extended."),
        ]
        paragraphs.append("Open the request in the Accord console to complete it, deny it with its reason, or extend it where the law allows.")
        return MailLetter(
            locale: "en", subject: "Privacy request \(request.id) is \(when)", propertyName: property.name,
            heading: "A privacy request is due soon", paragraphs: paragraphs, items: [], actionLabel: "Open the request",
            actionURL: link,
            footer: "You receive this e-mail because you are assigned this request or are the privacy contact of \(property.name).")
    }
}
