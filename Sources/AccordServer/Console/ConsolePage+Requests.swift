import AccordCore
import Foundation

extension ConsolePage {
    /// A property's request queue, ordered by due date, with its filters.
    struct Requests: Sendable {
        struct Row: Sendable {
            var href: String
            var id: String
            var type: String
            var status: String
            var law: String
            var received: String
            var due: String
            /// "3 days left", "Due today", "Overdue by 2 days", "Closed".
            var clock: String
            var overdue: Bool
            var assignee: String
        }
        struct Option: Sendable {
            var value: String
            var selected: Bool
        }
        var properties: [Dashboard.Choice]
        var propertyName: String
        var statuses: [Option]
        var types: [Option]
        var lawValue: String
        var lawError: String?
        var assigneeValue: String
        var assigneeError: String?
        var statusError: String?
        var typeError: String?
        var rows: [Row]
        var nextHref: String?
        /// The export of the property's requests (`&format=csv|jsonl`, `&timeline=1` for the timelines).
        var exportHref: String
    }

    /// One request: its case, deadlines, verification, notes, timeline and the forms that act on it.
    struct RequestCase: Sendable {
        struct Fact: Sendable {
            var label: String
            var value: String
        }
        struct Note: Sendable {
            var time: String
            var author: String
            var text: String
        }
        struct Event: Sendable {
            var time: String
            var action: String
            var actor: String
            var detail: String
        }
        struct Option: Sendable {
            var value: String
            var selected: Bool
        }
        var csrf: String
        var canAct: Bool
        var listHref: String
        var action: String
        var clock: String
        var overdue: Bool
        var facts: [Fact]
        var deadlines: [Fact]
        var verification: [Fact]
        var requester: [Fact]
        var notes: [Note]
        var timeline: [Event]
        var isOpen: Bool
        var isVerifying: Bool
        var targets: [Option]
        var exemptions: [Option]
        var assigneeValue: String
        var assigneeError: String?
        var noteValue: String
        var noteError: String?
        var toError: String?
        var reasonValue: String
        var reasonError: String?
        var exemptionError: String?
        var extendValue: String
        var extendError: String?
        var verifyValue: String
        var verifyError: String?
        /// The law stops the clock while waiting for the requester (UK GDPR).
        var canPause: Bool = false
        var isPaused: Bool = false
        var pauseValue: String = ""
        var pauseError: String?
    }

    /// What a refused form sent and the message for its field (`form.field`, such as `transition.reason`).
    struct RequestDraft: Sendable {
        var values: [String: String] = [:]
        var field: String = ""
        var message: String?

        func error(_ name: String) -> String? { field == name ? message : nil }
    }

    /// The request's page.
    static func requestHref(_ property: PropertyID, _ id: String) -> String {
        "/console/requests/\(property.rawValue)/\(id)"
    }

    /// The clock as a person reads it.
    static func clockText(_ view: RequestView) -> String {
        guard let days = view.daysLeft else {
            if view.closedAt != nil { return view.overdue ? "Closed late" : "Closed" }
            return "No due date"
        }
        if view.overdue || days < 0 { return "Overdue by \(max(-days, 1)) day\(max(-days, 1) == 1 ? "" : "s")" }
        if days == 0 { return "Due today" }
        return "\(days) day\(days == 1 ? "" : "s") left"
    }

    /// `2026-12-03 23:59:59 CET`: a time as read in the property's zone.
    static func localTime(_ date: Date, in zone: TimeZone) -> String {
        var style = Date.VerbatimFormatStyle(
            format:
                "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits):\(second: .twoDigits)",
            timeZone: zone, calendar: Calendar(identifier: .gregorian))
        style.locale = Locale(identifier: "en_US_POSIX")
        return date.formatted(style) + " " + (zone.abbreviation(for: date) ?? zone.identifier)
    }

    /// The day `date` falls on in `zone`, `none` without one.
    static func day(_ date: Date?, in zone: TimeZone) -> String {
        date.map { LocalDate($0, in: zone).description } ?? "none"
    }

    static func day(_ date: Date?) -> String {
        date.map { String($0.rfc3339.prefix(10)) } ?? "none"
    }
}

extension ConsolePage.Model {
    static func requestsPage(
        property: Property, properties: [Property], requests: [RequestView], filter: RequestFilter, lawValue: String,
        assigneeValue: String, errors: [String: String], nextHref: String?, chrome: ConsolePage.Chrome
    ) -> Self {
        var model = Self(title: "Requests", chrome: chrome)
        let zone = property.deadlineCalendar.timeZone
        model.requests = ConsolePage.Requests(
            properties: properties.map { .init(id: $0.id.rawValue, name: $0.name, selected: $0.id == property.id) },
            propertyName: property.name,
            statuses: RequestStatus.allCases.map { .init(value: $0.rawValue, selected: $0 == filter.status) },
            types: RequestType.allCases.map { .init(value: $0.rawValue, selected: $0 == filter.type) }, lawValue: lawValue,
            lawError: errors["law"], assigneeValue: assigneeValue, assigneeError: errors["assignee"], statusError: errors["status"],
            typeError: errors["type"],
            rows: requests.map { view in
                .init(
                    href: ConsolePage.requestHref(property.id, view.id), id: view.id, type: view.type, status: view.status,
                    law: view.law ?? view.jurisdiction, received: ConsolePage.day(view.receivedAt, in: zone),
                    due: ConsolePage.day(view.extendedDueAt ?? view.dueAt, in: zone), clock: ConsolePage.clockText(view), overdue: view.overdue,
                    assignee: view.assignee ?? "nobody")
            }, nextHref: nextHref, exportHref: "/console/requests/export?property=\(property.id.rawValue)")
        return model
    }

    static func requestPage(
        _ view: RequestView, canAct: Bool, csrf: String, chrome: ConsolePage.Chrome, notice: String?,
        draft: ConsolePage.RequestDraft = .init()
    ) -> Self {
        var model = Self(title: "Request \(view.id)", chrome: chrome)
        model.notice = notice
        let property = PropertyID(rawValue: view.property)
        let status = RequestStatus(rawValue: view.status) ?? .verifying
        let wanted = draft.values["to"]
        typealias Fact = ConsolePage.RequestCase.Fact
        var facts = [
            Fact(label: "Type", value: view.type + (view.scope.map { " (\($0))" } ?? "")), Fact(label: "Status", value: view.status),
            Fact(label: "Jurisdiction", value: view.jurisdiction), Fact(label: "Law", value: view.law ?? "none"),
            Fact(label: "Channel", value: view.channel), Fact(label: "Assignee", value: view.assignee ?? "nobody"),
        ]
        if let duplicate = view.duplicateOf { facts.append(Fact(label: "Duplicate of", value: duplicate)) }
        if let reason = view.denialReason { facts.append(Fact(label: "Denial reason", value: reason)) }
        if let exemption = view.exemption { facts.append(Fact(label: "Exemption", value: exemption)) }
        if let run = view.fulfilment { facts.append(Fact(label: "Connected systems", value: ConsolePage.fulfilmentText(run))) }
        // Deadlines are days of the property's zone: shown there, with the zone named.
        let zone = TimeZone(identifier: view.timeZone) ?? .gmt
        let local = { (date: Date?) in date.map { ConsolePage.localTime($0, in: zone) } ?? "none" }
        var deadlines = [
            Fact(label: "Time zone", value: view.timeZone),
            Fact(label: "Received", value: local(view.receivedAt)),
            Fact(label: "Acknowledge by", value: local(view.acknowledgeBy)),
            Fact(label: "Due", value: local(view.dueAt)),
        ]
        if let extended = view.extendedDueAt {
            deadlines.append(Fact(label: "Extended to", value: local(extended)))
            deadlines.append(Fact(label: "Extension reason", value: view.extensionReason ?? ""))
        }
        if view.paused || view.pausedDays > 0 {
            deadlines.append(
                Fact(label: "Clock", value: (view.paused ? "stopped, waiting for the requester; " : "") + "\(view.pausedDays) days paused"))
        }
        if let closed = view.closedAt { deadlines.append(Fact(label: "Closed", value: local(closed))) }
        var verification = [Fact(label: "Required", value: view.requiredVerification)]
        if let done = view.verification {
            verification += [
                Fact(label: "Method", value: done.method), Fact(label: "Strength", value: done.strength),
                Fact(label: "When (UTC)", value: done.at.rfc3339),
            ]
            if let by = done.by { verification.append(Fact(label: "By", value: by)) }
            if let reason = done.reason { verification.append(Fact(label: "Reason", value: reason)) }
            if view.agent != nil { verification.append(Fact(label: "Power of attorney seen", value: done.powerOfAttorney ? "yes" : "no")) }
        } else {
            verification.append(Fact(label: "Done", value: "not yet"))
        }
        var requester = [Fact(label: "E-mail", value: view.email ?? "erased")]
        if let details = view.details { requester.append(Fact(label: "Details", value: details)) }
        if let correction = view.correction { requester.append(Fact(label: "Correction", value: "\(correction.field): \(correction.value)")) }
        if let agent = view.agent { requester.append(Fact(label: "Agent", value: "\(agent.name) <\(agent.email)>: \(agent.authorization)")) }
        let targets = RequestWorkflow.targets(from: status).filter { $0 != .verified }
        model.request = ConsolePage.RequestCase(
            csrf: csrf, canAct: canAct, listHref: "/console/requests?property=\(view.property)",
            action: ConsolePage.requestHref(property, view.id), clock: ConsolePage.clockText(view), overdue: view.overdue, facts: facts,
            deadlines: deadlines, verification: verification, requester: requester,
            notes: view.notes.map { .init(time: $0.at.rfc3339, author: $0.author, text: $0.text) },
            timeline: (view.timeline ?? []).map { entry in
                .init(
                    time: entry.at.rfc3339, action: entry.action, actor: entry.actor,
                    detail: ((entry.from.map { ["from: \($0)"] } ?? [])
                        + entry.detail.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }).joined(separator: ", "))
            },
            isOpen: status.isOpen, isVerifying: status == .verifying,
            targets: RequestStatus.allCases.filter(targets.contains).map { .init(value: $0.rawValue, selected: $0.rawValue == wanted) },
            exemptions: RequestExemption.allCases.map { .init(value: $0.rawValue, selected: $0.rawValue == draft.values["exemption"]) },
            assigneeValue: draft.values["assignee"] ?? view.assignee ?? "", assigneeError: draft.error("assignee"),
            noteValue: draft.values["note"] ?? "", noteError: draft.error("note"), toError: draft.error("to"),
            reasonValue: draft.values["reason"] ?? "", reasonError: draft.error("reason"), exemptionError: draft.error("exemption"),
            extendValue: draft.values["extend"] ?? "", extendError: draft.error("extend"), verifyValue: draft.values["verify"] ?? "",
            verifyError: draft.error("verify"))
        let stopsTheClock = view.law.flatMap { LawTable.law(id: Law.ID($0))?.stopsTheClock } ?? false
        model.request?.canPause = stopsTheClock
        model.request?.isPaused = view.paused
        model.request?.pauseValue = draft.values["pause"] ?? ""
        model.request?.pauseError = draft.error("pause")
        return model
    }
}
