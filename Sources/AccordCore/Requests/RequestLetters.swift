import Foundation

/// The e-mails to a requester about their data-subject request, as letters: pure, from the request, the property,
/// the code (for `requestCode`) and the link to the request's page. English for now.
public enum RequestLetters {
    /// The letter for `kind` about `request`.
    public static func make(
        _ kind: MailRequest.Kind, request: PrivacyRequest, property: Property, code: String?, link: String
    ) -> MailLetter {
        let what = noun(request)
        let zone = property.deadlineCalendar.timeZone
        let due = request.effectiveDueAt.map { "We will answer by \(MailLetter.day($0, in: zone))." } ?? "We will answer as soon as we can."
        let next =
            request.status == .verifying
            ? "Before we act on it we need to know the request comes from you: enter the code below on the request page. "
                + "It is valid for 30 minutes."
            : "We are working on it."
        var paragraphs: [String]
        let subject: String
        let heading: String
        switch kind {
        case .requestCode, .requestAcknowledged:
            subject = "Your \(what) to \(property.name): \(request.id)"
            heading = "We received your \(what)"
            paragraphs = ["Your request has the reference \(request.id).", next, due]
            if let code { paragraphs.insert("Your code: \(code)", at: 2) }
        case .requestVerifyReminder:
            subject = "Please confirm your \(what) to \(property.name)"
            heading = "Your request is waiting for you"
            paragraphs = [
                "We received your \(what) (\(request.id)) a day ago, but it is not confirmed yet.",
                "Open the request page and ask for a new code. Unconfirmed requests are closed after 7 days.",
            ]
        case .requestUnverifiable:
            subject = "Your \(what) to \(property.name) was closed"
            heading = "We could not verify your request"
            paragraphs = ["Your request \(request.id) was not confirmed within 7 days, so we closed it. You may ask again at any time."]
            if request.type == .access {
                paragraphs.append(
                    "Where the law allows it, you can still receive the categories of personal information we hold, which needs no verification.")
            }
        case .requestExtended:
            subject = "More time is needed for your \(what) to \(property.name)"
            heading = "We need more time"
            paragraphs = [
                "We need more time to answer your request \(request.id), as the law allows.",
                "The reason: \(request.extensionReason ?? "the request's complexity").", due,
            ]
        case .requestClosed:
            subject = "Your \(what) to \(property.name): \(closing(request))"
            heading = "Your request was \(closing(request))"
            paragraphs = ["Your request \(request.id) was \(closing(request))."]
            if request.status == .denied {
                paragraphs.append("The reason: \(request.denialReason ?? "").")
                paragraphs += appealInstructions(request, property: property)
            }
        case .requestPackage:
            subject = "Your data from \(property.name) is ready: \(request.id)"
            heading = "Your data is ready to download"
            paragraphs = [
                "We completed your \(what) (\(request.id)). Download a copy of the data we hold about you with the button below.",
                "The link works once: after the download it stops working, so save the file. Do not forward this e-mail.",
            ]
        case .contactConfirmation, .reconsentReminder, .choicesChanged, .requestDueSoon, .formCopy, .formRevoked,
            .guardianConfirmation:
            subject = property.name
            heading = property.name
            paragraphs = []
        }
        return MailLetter(
            locale: "en", subject: subject, propertyName: property.name, heading: heading, paragraphs: paragraphs, items: [],
            actionLabel: kind == .requestPackage ? "Download your data" : "Open your request", actionURL: link,
            footer: "You receive this e-mail because a privacy request was made to \(property.name) with this address.")
    }

    /// What a denied requester can do next under the request's law: appeal to the organisation (US state laws, with
    /// the window), then complain to the authority the law names; nothing where the law provides neither.
    static func appealInstructions(_ request: PrivacyRequest, property: Property) -> [String] {
        guard let id = request.clock?.law, let law = LawTable.law(id: id) else { return [] }
        var lines: [String] = []
        if case .controller = law.appeal {
            let calendar = property.deadlineCalendar
            let end = RequestDeadlines.appealWindowEnd(law: law, decidedAt: request.closedAt ?? request.updatedAt, calendar: calendar)
            let by = end.map { " by \(MailLetter.day($0, in: calendar.timeZone))" } ?? ""
            lines.append(
                "Under \(law.name) you may appeal this decision\(by): make a new request of the type \"appeal\" on our privacy "
                    + "request form, naming the reference \(request.id). We answer appeals on their own deadline.")
        }
        if let authority = law.appeal.authority {
            lines.append("You may also complain to \(authority).")
        }
        return lines
    }

    /// The package letter's last line: until when its link works.
    public static func packageExpiry(_ date: Date, in property: Property) -> String {
        "The link works until \(MailLetter.day(date, in: property.deadlineCalendar.timeZone)); after that, make a new request."
    }

    static func noun(_ request: PrivacyRequest) -> String {
        switch request.type {
        case .access: "request to access your data"
        case .deletion: "request to delete your data"
        case .correction: "request to correct your data"
        case .optOut: "request to opt out of sale and sharing"
        case .limitSensitive: "request to limit the use of sensitive data"
        case .portability: "request for a copy of your data"
        case .restriction: "request to restrict processing"
        case .objection: "objection to processing"
        case .appeal: "appeal"
        }
    }

    static func closing(_ request: PrivacyRequest) -> String {
        switch request.status {
        case .completed: "completed"
        case .denied: "denied"
        case .withdrawn: "withdrawn"
        case .unverifiable: "closed as unverifiable"
        case .verifying, .verified, .inProgress: "updated"
        }
    }
}
