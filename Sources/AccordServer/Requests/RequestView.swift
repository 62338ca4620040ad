import AccordCore
import Foundation

/// A request as the admin API shows it: the case, its clock (`daysLeft`, `overdue` computed at `now`) and, opened
/// from the vault, what the requester gave (null once the requester was erased).
struct RequestView: Encodable {
    struct Verification: Encodable {
        var method: String
        var strength: String
        var by: String?
        var reason: String?
        var powerOfAttorney: Bool
        var at: Date
    }

    struct Note: Encodable {
        var id: String
        var author: String
        var text: String
        var at: Date
    }

    struct Pause: Encodable {
        var from: Date
        var until: Date?
    }

    struct TimelineEntry: Encodable {
        var action: String
        var actor: String
        var at: Date
        var from: String?
        var detail: [String: String]
    }

    var id: String
    var property: String
    var type: String
    var scope: String?
    var status: String
    var channel: String
    var jurisdiction: String
    var law: String?
    var receivedAt: Date
    var acknowledgeBy: Date?
    var dueAt: Date?
    var extendedDueAt: Date?
    var extensionReason: String?
    var daysLeft: Int?
    var overdue: Bool
    /// The zone the dates are counted in (the property's `requestTimeZone`, else UTC).
    var timeZone: String
    /// Whether the clock is stopped now (UK GDPR, `POST .../pause`), and the days it stood still so far.
    var paused: Bool
    var pausedDays: Int
    var pauses: [Pause]
    var assignee: String?
    var duplicateOf: String?
    var requiredVerification: String
    var verification: Verification?
    /// What verification waits for: `code`, `dataPoint`, `operator`; null once verified.
    var verificationNext: String?
    /// The second data point the requester gave last, opened from the vault (null when none, or once erased).
    var dataPoint: VerificationDataPoint?
    var closedAt: Date?
    var denialReason: String?
    var exemption: String?
    var email: String?
    var details: String?
    var correction: RequestDetails.Correction?
    var agent: RequestDetails.Agent?
    var notes: [Note]
    var timeline: [TimelineEntry]?
    /// The run across connected systems (issue 14 §3), when one was started; read from the timeline.
    var fulfilment: FulfilmentProgress?
    var createdAt: Date
    var updatedAt: Date

    init(
        _ request: PrivacyRequest, details: RequestDetails?, timeline: [StoredAuditEntry]?, now: Date, calendar: DeadlineCalendar
    ) {
        // The dates are the ones the list and the exports show (`PrivacyRequest.datedAt`): a running request keeps those
        // fixed at receipt or extension, even when the property's zone or holidays change later; an open pause moves
        // them on day by day. `pausedDays` counts the pauses up to now (or to the close).
        let request = request.datedAt(now, calendar: calendar)
        let derived = request.clock.flatMap { try? RequestDeadlines.compute($0, calendar: calendar, now: request.closedAt ?? now) }
        timeZone = calendar.zoneName
        paused = request.isPaused
        pausedDays = derived?.pausedDays ?? 0
        pauses = (request.clock?.pauses ?? []).map { Pause(from: $0.from, until: $0.until) }
        verificationNext = request.verificationNext
        id = request.id
        property = request.property.rawValue
        type = request.type.rawValue
        scope = request.scope?.rawValue
        status = request.status.rawValue
        channel = request.channel.rawValue
        jurisdiction = request.jurisdiction
        law = request.law
        receivedAt = request.receivedAt
        acknowledgeBy = request.acknowledgeBy
        dueAt = request.dueAt
        extendedDueAt = request.extendedDueAt
        extensionReason = request.extensionReason
        let clock = RequestClockView(request, now: now, zone: calendar.timeZone)
        daysLeft = clock.daysLeft
        overdue = clock.overdue
        assignee = request.assignee
        duplicateOf = request.duplicateOf
        requiredVerification = request.requiredStrength.rawValue
        verification = request.verification.map {
            Verification(
                method: $0.method, strength: $0.strength.rawValue, by: $0.by, reason: $0.reason, powerOfAttorney: $0.powerOfAttorney, at: $0.at)
        }
        closedAt = request.closedAt
        denialReason = request.denialReason
        exemption = request.exemption?.rawValue
        email = details?.email
        self.details = details?.details
        correction = details?.correction
        agent = details?.agent
        notes = request.notes.map { Note(id: $0.id, author: $0.author, text: $0.text, at: $0.at) }
        self.timeline = timeline?.map { stored in
            let after = stored.entry.after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            let before = stored.entry.before.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            return TimelineEntry(
                action: stored.entry.action, actor: stored.entry.actor, at: stored.entry.recordedAt, from: before?["status"],
                detail: after)
        }
        fulfilment = timeline.flatMap(FulfilmentProgress.of)
        createdAt = request.createdAt
        updatedAt = request.updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Every member is written, null included, so clients see one shape.
        try container.encode(id, forKey: .id)
        try container.encode(property, forKey: .property)
        try container.encode(type, forKey: .type)
        try container.encode(scope, forKey: .scope)
        try container.encode(status, forKey: .status)
        try container.encode(channel, forKey: .channel)
        try container.encode(jurisdiction, forKey: .jurisdiction)
        try container.encode(law, forKey: .law)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(acknowledgeBy, forKey: .acknowledgeBy)
        try container.encode(dueAt, forKey: .dueAt)
        try container.encode(extendedDueAt, forKey: .extendedDueAt)
        try container.encode(extensionReason, forKey: .extensionReason)
        try container.encode(daysLeft, forKey: .daysLeft)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(timeZone, forKey: .timeZone)
        try container.encode(paused, forKey: .paused)
        try container.encode(pausedDays, forKey: .pausedDays)
        try container.encode(pauses, forKey: .pauses)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(duplicateOf, forKey: .duplicateOf)
        try container.encode(requiredVerification, forKey: .requiredVerification)
        try container.encode(verification, forKey: .verification)
        try container.encode(verificationNext, forKey: .verificationNext)
        try container.encode(dataPoint, forKey: .dataPoint)
        try container.encode(closedAt, forKey: .closedAt)
        try container.encode(denialReason, forKey: .denialReason)
        try container.encode(exemption, forKey: .exemption)
        try container.encode(email, forKey: .email)
        try container.encode(details, forKey: .details)
        try container.encode(correction, forKey: .correction)
        try container.encode(agent, forKey: .agent)
        try container.encode(notes, forKey: .notes)
        try container.encodeIfPresent(timeline, forKey: .timeline)
        try container.encodeIfPresent(fulfilment, forKey: .fulfilment)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, property, type, scope, status, channel, jurisdiction, law, receivedAt, acknowledgeBy, dueAt, extendedDueAt
        case extensionReason, daysLeft, overdue, timeZone, paused, pausedDays, pauses, verificationNext, dataPoint, assignee, duplicateOf,
            requiredVerification, verification, closedAt
        case denialReason, exemption, email, details, correction, agent, notes, timeline, createdAt, updatedAt
        case fulfilment
    }
}

/// `daysLeft` and `overdue` of a request at a time: calendar days (in the property's zone) from today to the effective due date's last
/// day (0 on that day, negative once past, as `RequestDeadlines.daysLeft` counts), none without a due date or once
/// closed; overdue when still open past the end of that day, or closed after it.
struct RequestClockView {
    var daysLeft: Int?
    var overdue: Bool

    init(_ request: PrivacyRequest, now: Date, zone: TimeZone) {
        guard let due = request.effectiveDueAt else {
            daysLeft = nil
            overdue = false
            return
        }
        if request.status.isOpen {
            daysLeft = LocalDate(now, in: zone).days(to: LocalDate(due, in: zone))
            overdue = now > due
        } else {
            daysLeft = nil
            overdue = (request.closedAt ?? now) > due
        }
    }
}
