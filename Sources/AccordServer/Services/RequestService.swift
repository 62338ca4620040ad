import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps data-subject requests moving on their clock: the code reminder after 24 hours, the `unverifiable` closing
/// after 7 days, and the `request.dueSoon` webhooks and e-mails to the assignee or the property's privacy contact 7 and
/// 2 days before the due date. Each is a change of the
/// request (compare and swap, with its audit entry), so several instances never send one twice.
public struct RequestService: Service {
    let desk: RequestDesk
    let store: any RequestStore
    let clock: any ServiceClock
    let interval: Duration
    let logger: Logger

    /// One pass over every open request; the number of changes made.
    @discardableResult
    public func runOnce() async throws -> Int {
        var after: String?
        var changes = 0
        while true {
            let page = try await store.openRequests(after: after, limit: 200)
            for request in page {
                while let due = RequestReminders.next(for: request, now: clock.now) {
                    guard try await apply(due, to: request.id, in: request.property) else { break }
                    changes += 1
                    guard let fresh = try await store.request(request.id, in: request.property),
                        RequestReminders.next(for: fresh, now: clock.now) != due
                    else { break }
                }
            }
            guard let last = page.last, page.count == 200 else { return changes }
            after = last.id
        }
    }

    /// Makes `due` happen; false when the request moved on meanwhile.
    private func apply(_ due: RequestReminders.Due, to id: String, in property: PropertyID) async throws -> Bool {
        do {
            switch due {
            case .unverifiable:
                _ = try await desk.transition(id, in: property, to: .unverifiable, reason: nil, exemption: nil, actor: "accord")
            case .verify, .due7, .due2:
                _ = try await desk.change(id, in: property) { request, time in
                    guard RequestReminders.next(for: request, now: time) == due else {
                        throw RequestError(.concurrentChange, field: nil, "moved on")
                    }
                    request.remindersSent.append(RequestReminders.marker(due, for: request))
                    if due == .verify {
                        return RequestDesk.Step(
                            .reminded, actor: "accord", detail: ["reminder": due.rawValue],
                            mail: try desk.mailEntry(.requestVerifyReminder, request, at: time))
                    }
                    // The webhook and the e-mail to the assignee (or the privacy contact) in the change's transaction.
                    return RequestDesk.Step(
                        .reminded, actor: "accord", detail: ["reminder": due.rawValue], webhook: .requestDueSoon,
                        mail: try desk.dueSoonMailEntry(request, at: time))
                }
            }
            return true
        } catch let error as RequestError where error.code == .concurrentChange || error.code == .transitionForbidden {
            return false
        }
    }

    public func run() async throws {
        try await PeriodicService(
            pass: { try await runOnce() }, clock: clock, interval: interval, logger: logger, didWork: "request reminders and closings recorded",
            countKey: "accord.changes", failed: "request pass failed"
        ).run()
    }
}
