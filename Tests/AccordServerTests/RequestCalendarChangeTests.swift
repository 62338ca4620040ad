import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The property's calendar changed while a request is open (issue 13 §3): the request's own view, the admin list and
/// both exports show one due date (`PrivacyRequest.datedAt`), the one fixed at receipt while the clock runs, and the
/// same moved one, on the new calendar, while it is stopped.
@Suite struct RequestCalendarChangeTests {
    /// `dueAt` of `id` as the view, the list, the JSON Lines export and the CSV export give it.
    static func everywhere(_ client: some TestClientProtocol, _ key: HTTPFields, _ id: String) async throws -> [Date?] {
        let (read, _, listed) = try await RequestPausedExportTests.shown(client, key, id)
        let (jsonl, _, csv, _) = try await RequestPausedExportTests.exported(client, key, id)
        return [read, listed, jsonl, csv]
    }

    @Test func aNewTimeZoneAndHolidayLeaveARunningRequestsDueDateAndMoveAPausedOneAlikeEverywhere() async throws {
        let app = try await ConsoleTestApp.make()
        let key = bearer(try #require(app.services.createdAdminKey))
        try await app.application.test(.router) { client in
            let running = try await client.send(
                .post, RequestAPITests.admin, json: #"{"type":"access","email":"ria@example.com","jurisdiction":"GB"}"#, headers: key)
            let runningID = try #require(running.body["id"] as? String)
            let fixed = try #require((running.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
            let stopped = try await client.send(
                .post, RequestAPITests.admin, json: #"{"type":"deletion","email":"sol@example.com","jurisdiction":"GB"}"#, headers: key)
            let stoppedID = try #require(stopped.body["id"] as? String)
            let verified = try await client.send(
                .post, "\(RequestAPITests.admin)/\(stoppedID)/verification", json: #"{"reason":"known customer"}"#, headers: key)
            #expect(verified.status == .ok)
            let paused = try await client.send(
                .post, "\(RequestAPITests.admin)/\(stoppedID)/pause", json: #"{"reason":"Which account?"}"#, headers: key)
            #expect(paused.status == .ok)
            app.clock.advance(3 * 86_400)
            let before = try await Self.everywhere(client, key, stoppedID)

            // A zone 14 hours ahead of UTC, and the running request's due day (UTC) made a holiday: recomputed on
            // this calendar, UK GDPR would move that due date to another instant and off the holiday.
            let dueDay = LocalDate(fixed, in: TimeZone(identifier: "UTC")!).description
            let changed = try await client.send(
                .patch, "/v1/admin/properties/demo",
                json: #"{"requestTimeZone":"Pacific/Kiritimati","requestHolidays":["\#(dueDay)"]}"#, headers: key)
            #expect(changed.status == .ok)
            let recomputed = try RequestDeadlines.compute(
                try #require(try await app.services.store.request(runningID, in: "demo")?.clock),
                calendar: try #require(try await app.services.store.property("demo")).deadlineCalendar, now: app.clock.now)
            #expect(recomputed.dueAt != fixed, "the new calendar would give another date: the test would see a recomputation")

            let runningDates = try await Self.everywhere(client, key, runningID)
            #expect(runningDates == [fixed, fixed, fixed, fixed], "view, list, JSON Lines and CSV keep the date fixed at receipt")

            let stoppedDates = try await Self.everywhere(client, key, stoppedID)
            let moved = try #require(stoppedDates.first ?? nil)
            #expect(stoppedDates == [moved, moved, moved, moved], "a paused request is dated alike everywhere")
            #expect(moved != before.first ?? nil, "and on the property's new calendar")

            // After the clock runs again its date is fixed where the pause left it, on every page.
            let resumed = try await client.send(.post, "\(RequestAPITests.admin)/\(stoppedID)/resume", headers: key)
            let kept = try #require((resumed.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
            app.clock.advance(86_400)
            #expect(try await Self.everywhere(client, key, stoppedID) == [kept, kept, kept, kept])
        }
    }
}
