import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// A paused request's due date as the exports write it (issue 13 §7): the one it has at the time of the export, the
/// same as the request's own view and the admin list show, and its due-soon reminders only after the clock runs again.
@Suite struct RequestPausedExportTests {
    /// `dueAt` and `late` of `id` in the JSON Lines export, and `dueAt` and `late` in the CSV one.
    static func exported(_ client: some TestClientProtocol, _ key: HTTPFields, _ id: String) async throws -> (Date?, String?, Date?, String?) {
        let lines = try await client.execute(uri: "\(RequestAPITests.admin)/export?format=jsonl", method: .get, headers: key) {
            String(buffer: $0.body)
        }
        let object = lines.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .first { $0["id"] as? String == id }
        let csv = try await client.execute(uri: "\(RequestAPITests.admin)/export?format=csv", method: .get, headers: key) {
            String(buffer: $0.body)
        }
        let rows = csv.components(separatedBy: "\r\n").map { $0.components(separatedBy: ",") }
        let header = try #require(rows.first)
        let row = rows.first { $0.first == id }
        let due = try #require(header.firstIndex(of: "dueAt"))
        let late = try #require(header.firstIndex(of: "late"))
        return (
            (object?["dueAt"] as? String).flatMap { Date(rfc3339: $0) }, object?["late"] as? String,
            row.flatMap { Date(rfc3339: $0[due]) }, row?[late]
        )
    }

    /// The due date `GET .../requests/{id}` shows, whether it says overdue, and the one the list shows.
    static func shown(_ client: some TestClientProtocol, _ key: HTTPFields, _ id: String) async throws -> (Date?, Bool?, Date?) {
        let read = try await client.send(.get, "\(RequestAPITests.admin)/\(id)", headers: key)
        let list = try await client.send(.get, "\(RequestAPITests.admin)?limit=100", headers: key)
        let listed = (list.body["requests"] as? [[String: Any]])?.first { $0["id"] as? String == id }
        return (
            (read.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) }, read.body["overdue"] as? Bool,
            (listed?["dueAt"] as? String).flatMap { Date(rfc3339: $0) }
        )
    }

    @Test func theExportsWriteAPausedRequestsDueDateAsItIsNowAndRemindersFollowTheMovedDate() async throws {
        let app = try await ConsoleTestApp.make()
        let key = bearer(try #require(app.services.createdAdminKey))
        let (id, moved) = try await app.application.test(.router) { client in
            let made = try await client.send(
                .post, RequestAPITests.admin, json: #"{"type":"deletion","email":"pat@example.com","jurisdiction":"GB"}"#, headers: key)
            let id = try #require(made.body["id"] as? String)
            let stored = try #require((made.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
            let verified = try await client.send(
                .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"known customer"}"#, headers: key)
            #expect(verified.status == .ok)
            let paused = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/pause", json: #"{"reason":"Which account?"}"#, headers: key)
            #expect(paused.status == .ok)

            var previous = stored
            for days in [1.0, 10.0] {
                app.clock.advance((days == 1 ? 1 : 9) * 86_400)
                let (read, overdue, listed) = try await Self.shown(client, key, id)
                let (jsonl, jsonlLate, csv, csvLate) = try await Self.exported(client, key, id)
                #expect(read != nil && read == listed && read == jsonl && read == csv, "day \(days) after the pause")
                #expect(try #require(read) > previous, "the due date moves on while the clock is stopped")
                #expect(overdue == false && jsonlLate == "false" && csvLate == "false")
                previous = try #require(read)
            }

            // Past the due date stored at the pause: still not late, the clock is stopped.
            app.clock.advance(stored.timeIntervalSince(app.clock.now) + 86_400)
            let (read, overdue, _) = try await Self.shown(client, key, id)
            let (jsonl, jsonlLate, csv, csvLate) = try await Self.exported(client, key, id)
            #expect(read == jsonl && read == csv && overdue == false && jsonlLate == "false" && csvLate == "false")
            let service = app.services.requestService(clock: ManualServiceClock(now: app.clock.now), logger: ContactAPITests.quiet)
            #expect(try await service.runOnce() == 0, "no due-soon reminder while the clock is stopped")

            let resumed = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/resume", headers: key)
            let moved = try #require((resumed.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
            #expect(moved == read, "resuming keeps the due date the clock had reached")
            return (id, moved)
        }

        // After the resume the reminders count to the moved due date, not the one stored at the pause.
        let clock = ManualServiceClock(now: app.clock.now)
        let service = app.services.requestService(clock: clock, logger: ContactAPITests.quiet)
        #expect(try await service.runOnce() == 0, "the moved due date is weeks away")
        clock.advance(by: moved.timeIntervalSince(clock.now) - 6.5 * 86_400)
        #expect(try await service.runOnce() == 1, "due within 7 days of the moved date")
        #expect(try await service.runOnce() == 0)
        clock.advance(by: 5 * 86_400)
        #expect(try await service.runOnce() == 1, "due within 2 days of the moved date")
        let request = try #require(try await app.services.store.request(id, in: "demo"))
        #expect(request.remindersSent.contains("due7@\(moved.millisecondsSince1970)"))
        #expect(request.remindersSent.contains("due2@\(moved.millisecondsSince1970)"))
    }
}
