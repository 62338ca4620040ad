import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Stop-the-clock over the API (UK GDPR), the property's time zone, and the auditors' exports with the timelines.
@Suite struct RequestClockAPITests {
    static func file(_ client: some TestClientProtocol, _ key: HTTPFields, jurisdiction: String, receivedAt: String? = nil) async throws
        -> [String: Any]
    {
        let received = receivedAt.map { #","receivedAt":"\#($0)""# } ?? ""
        let made = try await client.send(
            .post, RequestAPITests.admin,
            json: #"{"type":"access","email":"uma@example.com","jurisdiction":"\#(jurisdiction)"\#(received)}"#, headers: key)
        #expect(made.status == .created)
        return made.body
    }

    @Test func theClockStopsAndStartsUnderUKGDPROnlyAndEachIsOnTheTimeline() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let uk = try #require(try await Self.file(client, key, jurisdiction: "GB")["id"] as? String)
            let base = "\(RequestAPITests.admin)/\(uk)"
            let noReason = try await client.send(.post, "\(base)/pause", json: #"{"reason":" "}"#, headers: key)
            #expect(noReason.status == .unprocessableContent && noReason.body.errorField == "reason")
            let paused = try await client.send(.post, "\(base)/pause", json: #"{"reason":"Asked for proof of address"}"#, headers: key)
            #expect(paused.status == .ok && paused.body["paused"] as? Bool == true)
            #expect((paused.body["pauses"] as? [[String: Any]])?.count == 1)
            let twice = try await client.send(.post, "\(base)/pause", json: #"{"reason":"again"}"#, headers: key)
            #expect(twice.status == .conflict && twice.body.errorCode == "pause_refused")
            let resumed = try await client.send(.post, "\(base)/resume", headers: key)
            #expect(resumed.status == .ok && resumed.body["paused"] as? Bool == false && resumed.body["pausedDays"] as? Int == 0)
            let again = try await client.send(.post, "\(base)/resume", headers: key)
            #expect(again.status == .conflict && again.body.errorCode == "pause_refused")
            let actions = (resumed.body["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("request.paused") && actions.contains("request.resumed"))

            let us = try #require(try await Self.file(client, key, jurisdiction: "US-CA")["id"] as? String)
            let refused = try await client.send(
                .post, "\(RequestAPITests.admin)/\(us)/pause", json: #"{"reason":"Asked for more"}"#, headers: key)
            #expect(refused.status == .conflict && refused.body.errorCode == "pause_refused")
            #expect((refused.body.error?["message"] as? String)?.contains("does not stop the clock") == true)
            let unknown = try await client.send(
                .post, "\(RequestAPITests.admin)/req_\(String(repeating: "0", count: 32))/resume", headers: key)
            #expect(unknown.status == .notFound)
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }

    @Test func theDaysPausedMoveTheStoredDueDate() async throws {
        let test = try await TestApplication.make()
        let property = try #require(try await test.services.store.property("demo"))
        let clock = ManualServiceClock(now: Date(rfc3339: "2026-03-02T10:00:00Z")!)
        let desk = test.services.requestDesk(now: { clock.now })
        let submission = try RequestSubmission.check(
            type: "access", scope: nil, email: "vic@example.com", jurisdiction: "GB", details: nil, correction: nil, agent: nil)
        let filed = try await desk.submit(submission, in: property, channel: .email, receivedAt: nil, actor: "test")
        #expect(filed.dueAt == Date(rfc3339: "2026-04-02T23:59:59Z"))
        clock.advance(by: 8 * 86_400)
        _ = try await desk.pause(filed.id, in: property, reason: "Which account?", actor: "test")
        clock.advance(by: 10 * 86_400)
        let resumed = try await desk.resume(filed.id, in: property, actor: "test")
        // 10 days paused: 2 April + 10 = 12 April, a Sunday, moves to Monday 13 April (the property counts in UTC).
        #expect(resumed.dueAt == Date(rfc3339: "2026-04-13T23:59:59Z"))
        let timeline = try await test.services.store.requestTimeline(filed.id, in: "demo")
        #expect(timeline.last?.entry.action == "request.resumed" && timeline.last?.entry.after?.contains(#""pausedDays":"10""#) == true)
    }

    @Test func deadlinesAreCountedInThePropertysTimeZone() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let bad = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"requestTimeZone":"PST"}"#, headers: key)
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "requestTimeZone")
            let badContact = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"privacyContact":"nobody"}"#, headers: key)
            #expect(badContact.status == .unprocessableContent && badContact.body.errorField == "privacyContact")
            let set = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"requestTimeZone":"America/Los_Angeles","privacyContact":"privacy@example.com"}"#,
                headers: key)
            #expect(set.status == .ok && set.body["requestTimeZone"] as? String == "America/Los_Angeles")
            let made = try await Self.file(client, key, jurisdiction: "US-CA", receivedAt: "2026-02-20T18:00:00Z")
            // 45 days from 20 February (PST) end on 6 April at 23:59:59 PDT.
            #expect((made["dueAt"] as? String).flatMap { Date(rfc3339: $0) } == Date(rfc3339: "2026-04-07T06:59:59Z"))
            #expect(made["timeZone"] as? String == "America/Los_Angeles")
            // 20 February 23:30 PST is already 21 February in UTC, but the property's day is the 20th.
            let late = try await Self.file(client, key, jurisdiction: "US-CA", receivedAt: "2026-02-21T07:30:00Z")
            #expect((late["dueAt"] as? String).flatMap { Date(rfc3339: $0) } == Date(rfc3339: "2026-04-07T06:59:59Z"))
        }
        let stored = try #require(try await test.services.store.property("demo"))
        #expect(stored.requestTimeZone == "America/Los_Angeles" && stored.privacyContact == "privacy@example.com")
    }

    @Test func exportsCarryTheRequestsAndTheirTimelinesInCSVAndJSONLines() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let id = try #require(try await Self.file(client, key, jurisdiction: "GB")["id"] as? String)
            _ = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/pause", json: #"{"reason":"Asked"}"#, headers: key)
            let rows = try await client.execute(uri: "\(RequestAPITests.admin)/export?format=csv", method: .get, headers: key) {
                ($0.status, $0.headers[.contentDisposition], String(buffer: $0.body))
            }
            #expect(rows.0 == .ok && rows.1 == #"attachment; filename="requests-demo.csv""#)
            #expect(rows.2.hasPrefix("id,type,scope,status") && rows.2.contains(",timeZone,pausedDays,extensionReason,late\r\n"))
            #expect(rows.2.contains(",UTC,0,,false\r\n"))
            let timeline = try await client.execute(
                uri: "\(RequestAPITests.admin)/export?format=csv&timeline=1", method: .get, headers: key
            ) { ($0.headers[.contentDisposition], String(buffer: $0.body)) }
            #expect(timeline.0 == #"attachment; filename="requests-demo-timelines.csv""#)
            #expect(timeline.1.hasPrefix("position,request,at,action,actor,from,status,detail\r\n"))
            #expect(timeline.1.contains("request.received") && timeline.1.contains("request.paused") && !timeline.1.contains("uma@"))
            let lines = try await client.execute(uri: "\(RequestAPITests.admin)/export?timeline=1", method: .get, headers: key) {
                String(buffer: $0.body)
            }
            let objects = lines.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(objects.count == 2 && objects.last?["action"] as? String == "request.paused" && objects.last?["request"] as? String == id)
            let bad = try await client.send(.get, "\(RequestAPITests.admin)/export?timeline=yes", headers: key)
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "timeline")
        }
    }
}

/// The console's stop-the-clock forms and the auditors' export links.
@Suite struct ConsoleRequestClockTests {
    @Test func anAgentStopsAndStartsTheClockAndAnAuditorExports() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let auditor = try await test.user(.auditor)
        let id = try await ConsoleRequestsTests.file(test, type: "access", jurisdiction: "GB", email: "yan@example.org")
        let us = try await ConsoleRequestsTests.file(test, type: "access", jurisdiction: "US-CA", email: "zed@example.org")
        let href = "/console/requests/demo/\(id)"
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let page = try await browser.send(client, .get, href)
            #expect(page.body.contains("Stop the clock") && page.body.contains("Time zone"))
            let usPage = try await browser.send(client, .get, "/console/requests/demo/\(us)")
            #expect(!usPage.body.contains("Stop the clock"), "CCPA has no stop-the-clock")
            let csrf = page.csrf ?? ""
            let empty = try await browser.send(client, .post, "\(href)/pause", form: [("csrf", csrf), ("pause", "")])
            #expect(empty.status == .unprocessableContent && empty.body.contains(#"aria-describedby="rq-pause-error""#))
            let paused = try await browser.send(client, .post, "\(href)/pause", form: [("csrf", csrf), ("pause", "Asked for ID")])
            #expect(paused.status == .seeOther)
            let stopped = try await browser.send(client, .get, href)
            #expect(stopped.body.contains("Start the clock again") && stopped.body.contains("stopped, waiting for the requester"))
            test.clock.advance(3 * 86_400)
            // Three days on, the session has ended: sign in again.
            browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let fresh = try await browser.send(client, .get, href).csrf ?? ""
            let resumed = try await browser.send(client, .post, "\(href)/resume", form: [("csrf", fresh)])
            #expect(resumed.status == .seeOther)
            let after = try await browser.send(client, .get, href)
            #expect(after.body.contains("3 days paused"))
            let refused = try await browser.send(client, .post, "/console/requests/demo/\(us)/pause", form: [("csrf", fresh), ("pause", "x")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("does not stop the clock"))

            var reader = ConsoleBrowser()
            try await reader.signIn(client, auditor)
            let queue = try await reader.send(client, .get, "/console/requests?property=demo")
            #expect(queue.body.contains("/console/requests/export?property=demo&amp;format=csv"))
            let csv = try await reader.send(client, .get, "/console/requests/export?property=demo&format=csv")
            #expect(csv.status == .ok && csv.body.hasPrefix("id,type,scope,status") && csv.body.contains(id) && !csv.body.contains("yan@"))
            let timelines = try await reader.send(client, .get, "/console/requests/export?property=demo&format=jsonl&timeline=1")
            #expect(timelines.status == .ok && timelines.body.contains(#""action":"request.resumed""#))
            let bad = try await reader.send(client, .get, "/console/requests/export?property=demo&format=xml")
            #expect(bad.status == .notFound)
        }
        let stored = try #require(try await test.services.store.request(id, in: "demo"))
        #expect(stored.clock?.pauses.count == 1 && stored.clock?.pauses.first?.until != nil)
    }
}
