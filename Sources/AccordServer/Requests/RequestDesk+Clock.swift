import AccordCore
import Foundation

extension RequestDesk {
    /// Stops the request's clock while the organisation waits for the requester (UK GDPR "stop the clock": asked to
    /// clarify or to prove who they are), with the reason; `RequestDeadlines.pause` decides, the dates are derived
    /// again, and the audit entry records the stop with the due date it leaves.
    func pause(_ id: String, in property: Property, reason: String, actor: String) async throws -> PrivacyRequest {
        try await change(id, in: property.id) { request, time in
            guard request.status.isOpen else { throw RequestError(.pauseRefused, field: nil, "a closed request has no clock to stop") }
            guard let clock = request.clock else {
                throw RequestError(.pauseRefused, field: nil, "no law with deadlines applies to this request")
            }
            switch RequestDeadlines.pause(clock, at: time, calendar: property.deadlineCalendar) {
            case .success(let paused): request.clock = paused
            case .failure(let refusal): throw RequestError(.pauseRefused, field: nil, refusal.message)
            }
            deadlines.apply(to: &request, calendar: property.deadlineCalendar, now: time)
            return Step(.paused, actor: actor, detail: ["reason": reason])
        }
    }

    /// Starts the clock again once the requester answered: the days it stood still stay added to the deadline, and the
    /// audit entry records the new due date and the days paused.
    func resume(_ id: String, in property: Property, actor: String) async throws -> PrivacyRequest {
        try await change(id, in: property.id) { request, time in
            guard let clock = request.clock else { throw RequestError(.pauseRefused, field: nil, "the clock is running: there is no pause to end") }
            switch RequestDeadlines.resume(clock, at: time, calendar: property.deadlineCalendar) {
            case .success(let resumed): request.clock = resumed
            case .failure(let refusal): throw RequestError(.pauseRefused, field: nil, refusal.message)
            }
            deadlines.apply(to: &request, calendar: property.deadlineCalendar, now: time)
            let paused = (try? request.clock.map { try RequestDeadlines.compute($0, calendar: property.deadlineCalendar, now: time) })??
                .pausedDays
            return Step(.resumed, actor: actor, detail: ["pausedDays": String(paused ?? 0)])
        }
    }

    /// The due-soon reminder to the privacy team, as an outbox entry (none when e-mail is off). The recipient is chosen
    /// at delivery (`MailDispatcher.deliverDueSoonMail`), so a reassignment made meanwhile is followed.
    func dueSoonMailEntry(_ request: PrivacyRequest, at time: Date) throws -> [OutboxEntry] {
        try mailEntry(.requestDueSoon, request, at: time)
    }
}
