import AccordCore
import Foundation

/// Where a request's law and dates come from: the law table and the deadline arithmetic of `AccordCore/Deadlines`
/// (`LawTable`, `RequestDeadlines`), over the property's calendar (`Property.deadlineCalendar`: its time zone, its
/// holidays, weekends always skipped).
/// The request keeps its `RequestClock` (law, type, receipt, pauses, extensions); the dates are derived from it on
/// every save, so the list sorts by them in the database.
struct RequestDeadlineSource: Sendable {
    /// The clock of a new request: the law of its jurisdiction in force on the day it was received (on the property's
    /// calendar, `calendar`), when Accord knows one that gave the right it exercises that day. Set once at intake: a
    /// stored request keeps its law.
    func clock(type: RequestType, jurisdiction: String, receivedAt: Date, calendar: DeadlineCalendar) -> RequestClock? {
        guard let place = Jurisdiction(jurisdiction),
            let law = LawTable.law(for: place, type: type, receivedOn: calendar.date(of: receivedAt))
        else { return nil }
        return RequestClock(law: law.id, type: type, receivedAt: receivedAt)
    }

    /// Sets the request's `law`, `acknowledgeBy`, `dueAt` and `extendedDueAt` from its clock.
    func apply(to request: inout PrivacyRequest, calendar: DeadlineCalendar, now: Date) {
        guard let clock = request.clock,
            let dates = try? RequestDeadlines.compute(clock, calendar: calendar, now: now)
        else { return }
        request.law = clock.law.rawValue
        request.acknowledgeBy = dates.acknowledgeBy
        request.dueAt = dates.dueAt
        request.extendedDueAt = dates.extendedDueAt
    }

    /// The extended clock, or the refusal (409 `extension_refused` with the law's reason).
    func extended(_ request: PrivacyRequest, reason: String, at time: Date, calendar: DeadlineCalendar) -> Result<RequestClock, RequestError> {
        guard let clock = request.clock else {
            return .failure(RequestError(.extensionRefused, field: nil, "no law with deadlines applies to this request"))
        }
        switch RequestDeadlines.extend(clock, reason: reason, at: time, calendar: calendar) {
        case .success(let extended): return .success(extended)
        case .failure(let refusal): return .failure(RequestError(.extensionRefused, field: nil, refusal.message))
        }
    }
}
