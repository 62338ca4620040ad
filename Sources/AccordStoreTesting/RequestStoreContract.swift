import AccordCore
import Foundation
import Testing

/// What every store does with data-subject requests: keeps each change in one transaction with its audit entry in
/// the property's request chain (which the store audit verifies) and its messages, compares and swaps on the
/// version, and lists by due date with a cursor.
public enum RequestStoreContract {
    public static let cases: [OutboxContractCase] = [
        OutboxContractCase(name: "aCreatedRequestReadsBackWithItsTimelineAndTheAuditVerifies") { store in
            let fixture = try await ContractFixture.make(in: store)
            let request = fixture.request(.access, due: 45)
            try await store.createRequest(fixture.change(.received, request, before: nil))
            #expect(try await store.request(request.id, in: fixture.property.id) == request)
            #expect(try await store.request(request.id, in: PropertyID(rawValue: "other")) == nil)
            let timeline = try await store.requestTimeline(request.id, in: fixture.property.id)
            #expect(timeline.map(\.entry.action) == ["request.received"])
            #expect(timeline.first?.link.chain == RequestAudit.chain(of: fixture.property.id))
            await #expect(throws: RequestStoreError.exists(request.id)) {
                try await store.createRequest(fixture.change(.received, request, before: nil))
            }
            #expect(try await StoreAudit.run(store).isClean)
        },
        OutboxContractCase(name: "anUpdateComparesAndSwapsOnTheVersion") { store in
            let fixture = try await ContractFixture.make(in: store)
            let request = fixture.request(.deletion, due: 45)
            try await store.createRequest(fixture.change(.received, request, before: nil))
            var verified = request
            verified.status = .verified
            verified.version = 2
            verified.assignee = "dpo@example.org"
            // The stop-the-clock pauses, the second data point's tries and its sealed copy round-trip too.
            verified.clock = RequestClock(
                law: LawTable.ukGDPR.id, type: .deletion, receivedAt: request.receivedAt,
                pauses: [PausedInterval(from: request.receivedAt.addingTimeInterval(86_400).truncatedToMilliseconds)])
            verified.dataPointTries = 2
            verified.sealedDataPoint = [9, 8, 7]
            #expect(try await store.updateRequest(fixture.change(.verified, verified, before: .verifying)))
            #expect(try await store.updateRequest(fixture.change(.verified, verified, before: .verifying)) == false, "stale version")
            #expect(try await store.request(request.id, in: fixture.property.id) == verified)
            let timeline = try await store.requestTimeline(request.id, in: fixture.property.id)
            #expect(timeline.map(\.entry.action) == ["request.received", "request.verified"])
            #expect(try await store.requestAuditEntries(in: fixture.property.id, after: 0, limit: 10).count == 2)
            #expect(try await store.requestAuditEntries(in: fixture.property.id, after: 1, limit: 10).count == 1)
            #expect(try await StoreAudit.run(store).isClean)
        },
        OutboxContractCase(name: "theListFiltersAndOrdersByDueDateWithACursor") { store in
            let fixture = try await ContractFixture.make(in: store)
            let late = fixture.request(.access, due: 45)
            let soon = fixture.request(.deletion, due: 10)
            var none = fixture.request(.optOut, due: nil)
            none.assignee = "ann"
            for request in [late, soon, none] { try await store.createRequest(fixture.change(.received, request, before: nil)) }
            let all = try await store.requests(in: fixture.property.id, filter: RequestFilter(), after: nil, limit: 10)
            #expect(all.map(\.id) == [soon.id, late.id, none.id])
            let first = try await store.requests(in: fixture.property.id, filter: RequestFilter(), after: nil, limit: 1)
            let rest = try await store.requests(
                in: fixture.property.id, filter: RequestFilter(), after: RequestCursor(after: first[0]), limit: 10)
            #expect(rest.map(\.id) == [late.id, none.id])
            let last = try await store.requests(
                in: fixture.property.id, filter: RequestFilter(), after: RequestCursor(after: rest[0]), limit: 10)
            #expect(last.map(\.id) == [none.id])
            func ids(_ filter: RequestFilter) async throws -> [String] {
                try await store.requests(in: fixture.property.id, filter: filter, after: nil, limit: 10).map(\.id)
            }
            #expect(try await ids(RequestFilter(type: .deletion)) == [soon.id])
            #expect(try await ids(RequestFilter(assignee: "ann")) == [none.id])
            #expect(try await ids(RequestFilter(status: .completed)).isEmpty)
            #expect(try await ids(RequestFilter(law: "CCPA")) == [soon.id, late.id])
            #expect(try await ids(RequestFilter(dueBefore: fixture.start.addingTimeInterval(20 * 86_400))) == [soon.id])
        },
        OutboxContractCase(name: "aPausedRequestIsListedAndFilteredByTheDueDateItHasAtTheTimeOfListing") { store in
            // Stored at its last change (the pause, a day after receipt), a paused request's due date is a month on;
            // listed 30 days later it has moved on by the 29 days paused since, past a running request due in 40 days.
            let fixture = try await ContractFixture.make(in: store)
            let running = fixture.request(.access, due: 40)
            var paused = fixture.request(.deletion, due: 31)
            paused.law = LawTable.ukGDPR.id.rawValue
            paused.clock = RequestClock(
                law: LawTable.ukGDPR.id, type: .deletion, receivedAt: paused.receivedAt,
                pauses: [PausedInterval(from: fixture.start.addingTimeInterval(86_400))])
            var resumed = fixture.request(.access, due: 35)
            resumed.law = LawTable.ukGDPR.id.rawValue
            resumed.clock = RequestClock(
                law: LawTable.ukGDPR.id, type: .access, receivedAt: resumed.receivedAt,
                pauses: [PausedInterval(from: fixture.start.addingTimeInterval(86_400), until: fixture.start.addingTimeInterval(5 * 86_400))])
            for request in [running, paused, resumed] { try await store.createRequest(fixture.change(.received, request, before: nil)) }
            #expect(paused.isPaused && !resumed.isPaused && !running.isPaused)
            let calendar = fixture.property.deadlineCalendar
            let later = fixture.start.addingTimeInterval(30 * 86_400)
            let movedDue = try RequestDeadlines.compute(paused.clock!, calendar: calendar, now: later).effectiveDueAt
            #expect(movedDue > running.dueAt!, "the pause moved it past the running request")
            func ids(_ filter: RequestFilter = RequestFilter(), after cursor: RequestCursor? = nil, limit: Int = 10, at now: Date) async throws
                -> [String]
            {
                try await store.requests(in: fixture.property, filter: filter, after: cursor, limit: limit, now: now).map(\.id)
            }
            // The stored order puts it first; listed the day after the pause it still is, 30 days on it is last.
            #expect(try await store.requests(in: fixture.property.id, filter: RequestFilter(), after: nil, limit: 10).first?.id == paused.id)
            #expect(try await ids(at: fixture.start.addingTimeInterval(2 * 86_400)) == [paused.id, resumed.id, running.id])
            #expect(try await ids(at: later) == [resumed.id, running.id, paused.id])
            // Its due date and the next-page cursor are the moved ones; the pages meet without a gap or a repeat.
            let first = try await store.requests(in: fixture.property, filter: RequestFilter(), after: nil, limit: 2, now: later)
            #expect(first.map(\.id) == [resumed.id, running.id])
            let rest = try await store.requests(
                in: fixture.property, filter: RequestFilter(), after: RequestCursor(after: first[1]), limit: 2, now: later)
            #expect(rest.map(\.id) == [paused.id])
            #expect(rest.first?.effectiveDueAt == movedDue)
            let cursorAtPaused = RequestCursor(due: movedDue.millisecondsSince1970 - 1, id: "")
            #expect(try await ids(after: cursorAtPaused, at: later) == [paused.id])
            // dueBefore (what "due soon" and "overdue" lists use) reads the moved date too, and the other filters apply.
            let beforeDay45 = RequestFilter(dueBefore: fixture.start.addingTimeInterval(45 * 86_400))
            #expect(try await ids(beforeDay45, at: later) == [resumed.id, running.id])
            #expect(try await ids(beforeDay45, at: fixture.start.addingTimeInterval(2 * 86_400)) == [paused.id, resumed.id, running.id])
            #expect(try await ids(RequestFilter(type: .deletion), at: later) == [paused.id])
            #expect(try await ids(RequestFilter(type: .access), at: later) == [resumed.id, running.id])
            #expect(try await ids(RequestFilter(status: .completed), at: later).isEmpty)
            // Closed, it is no longer paused: listed by its stored due date again.
            var closed = paused
            closed.status = .completed
            closed.version = 2
            #expect(try await store.updateRequest(fixture.change(.transition, closed, before: .verifying)))
            #expect(try await ids(at: later) == [closed.id, resumed.id, running.id])
        },
        OutboxContractCase(name: "openRequestsAreFoundByRequesterAndTypeAndForTheService") { store in
            let fixture = try await ContractFixture.make(in: store)
            let first = fixture.request(.access, due: 45)
            var second = fixture.request(.access, due: 45, requester: first.requester)
            second.duplicateOf = first.id
            let other = fixture.request(.deletion, due: 45, requester: first.requester)
            for request in [first, second, other] { try await store.createRequest(fixture.change(.received, request, before: nil)) }
            let open = try await store.openRequests(of: first.requester, type: .access, in: fixture.property.id)
            #expect(Set(open.map(\.id)) == [first.id, second.id])
            var closed = first
            closed.status = .withdrawn
            closed.version = 2
            #expect(try await store.updateRequest(fixture.change(.transition, closed, before: .verifying)))
            #expect(try await store.openRequests(of: first.requester, type: .access, in: fixture.property.id).map(\.id) == [second.id])
            var walked: [String] = []
            var after: String?
            while true {
                let page = try await store.openRequests(after: after, limit: 2)
                walked += page.map(\.id)
                guard let last = page.last else { break }
                after = last.id
            }
            #expect(walked.contains(second.id) && walked.contains(other.id) && !walked.contains(first.id))
        },
        OutboxContractCase(name: "changesQueueTheirWebhookForSubscribedEndpointsAndTheirMail") { store in
            let fixture = try await ContractFixture.make(in: store)
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let endpoint = fixture.endpoint(id: "wh_req\(suffix)", events: [.requestReceived, .requestCompleted], status: .active)
            try await store.saveWebhookEndpoint(endpoint)
            let request = fixture.request(.access, due: 45)
            let mail = OutboxEntry(
                message: OutboxMessage(
                    id: OutboxMessage.randomID(), channel: .mail, type: "mail.requestCode", property: fixture.property.id,
                    subject: request.requester, payload: Array("{}".utf8), createdAt: fixture.start),
                destinations: ["mail"])
            var change = fixture.change(.received, request, before: nil)
            change.webhook = .requestReceived
            change.mail = [mail]
            try await store.createRequest(change)
            var verified = request
            verified.status = .verified
            verified.version = 2
            var verify = fixture.change(.verified, verified, before: .verifying)
            verify.webhook = .requestVerified
            #expect(try await store.updateRequest(verify))
            let sent = try await store.deliveries(to: endpoint.id, after: nil, limit: 10)
            #expect(sent.map(\.message.type) == ["request.received"], "not subscribed to request.verified")
            #expect(sent.first?.message.subject == request.requester)
            let data = try #require(try JSONSerialization.jsonObject(with: Data(sent[0].message.payload)) as? [String: Any])
            #expect(data["request"] as? String == request.id && data["requestType"] as? String == "access")
            #expect(data["status"] as? String == "verifying" && data["law"] as? String == "CCPA")
            #expect(try await store.deliveries(to: "mail", after: nil, limit: 100).contains { $0.message.id == mail.message.id })
        },
    ]
}

extension ContractFixture {
    /// A request received at `start`, due `due` days later (nil: no deadline), by a new requester unless given.
    public func request(_ type: RequestType, due: Int?, requester: SubjectKey? = nil) -> PrivacyRequest {
        var request = PrivacyRequest(
            id: PrivacyRequest.newID(), property: property.id, type: type, scope: type == .access ? .categories : nil, channel: .web,
            jurisdiction: "US-CA", law: due == nil ? nil : "CCPA", requester: requester ?? newSubject(), sealed: [1, 2, 3],
            hasAgent: false, receivedAt: start, createdAt: start)
        request.dueAt = due.map { start.addingTimeInterval(Double($0) * 86_400) }
        return request
    }

    /// The change recording `action` on `request`, by the contract's actor.
    public func change(_ action: RequestAudit.Action, _ request: PrivacyRequest, before: RequestStatus?) -> RequestChange {
        RequestChange(request: request, audit: RequestAudit.entry(action, request, before: before, actor: "contract", at: start))
    }
}
