import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The request pages: the queue by due date with its filters and plain clocks; an agent assigns, notes, records a
/// verification, moves, extends and denies (a denial without its exemption comes back beside that field); an
/// auditor reads without a form; an editor sees neither.
@Suite struct ConsoleRequestsTests {
    /// Files a request as the operator's API does, through the desk; returns its id.
    static func file(_ test: ConsoleTestApp, type: String, jurisdiction: String, email: String) async throws -> String {
        let submission = try RequestSubmission.check(
            type: type, scope: nil, email: email, jurisdiction: jurisdiction, details: "Please", correction: nil, agent: nil)
        let property = try #require(try await test.services.store.property("demo"))
        return try await test.services.requestDesk(now: test.clock.reading).submit(
            submission, in: property, channel: .email, receivedAt: nil, actor: "test"
        ).id
    }

    @Test func theQueueListsByDueDateWithFiltersAndSaysWhatIsOverdue() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let first = try await Self.file(test, type: "deletion", jurisdiction: "US-CA", email: "ann@example.org")
        test.clock.advance(86_400 * 50)
        let second = try await Self.file(test, type: "access", jurisdiction: "DE", email: "bob@example.org")
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let queue = try await browser.send(client, .get, "/console/requests")
            #expect(queue.status == .ok)
            let firstAt = try #require(queue.body.range(of: first))
            let secondAt = try #require(queue.body.range(of: second))
            #expect(firstAt.lowerBound < secondAt.lowerBound)
            #expect(queue.body.contains("Overdue by "))
            #expect(queue.body.contains("days left"))
            let filtered = try await browser.send(client, .get, "/console/requests?property=demo&type=access")
            #expect(filtered.body.contains(second) && !filtered.body.contains(first))
            let bad = try await browser.send(client, .get, "/console/requests?status=lost")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains(#"aria-describedby="rq-status-error""#))
        }
    }

    @Test func anAgentWorksTheCaseThroughTheFormsAndEachStepIsOnTheTimeline() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let id = try await Self.file(test, type: "deletion", jurisdiction: "US-CA", email: "ann@example.org")
        let href = "/console/requests/demo/\(id)"
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let page = try await browser.send(client, .get, href)
            #expect(page.status == .ok)
            #expect(page.body.contains("ann@example.org"))
            #expect(page.body.contains("Record a verification"))
            let csrf = page.csrf ?? ""
            #expect(try await browser.send(client, .post, "\(href)/assign", form: [("csrf", csrf), ("assignee", "sam")]).status == .seeOther)
            #expect(try await browser.send(client, .post, "\(href)/notes", form: [("csrf", csrf), ("note", "Called her")]).status == .seeOther)
            let empty = try await browser.send(client, .post, "\(href)/verification", form: [("csrf", csrf), ("verify", " ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains(#"aria-describedby="rq-verify-error""#))
            let verified = try await browser.send(
                client, .post, "\(href)/verification", form: [("csrf", csrf), ("verify", "Called back on the number on file")])
            #expect(verified.status == .seeOther)
            let moved = try await browser.send(client, .post, "\(href)/transitions", form: [("csrf", csrf), ("to", "inProgress")])
            #expect(moved.status == .seeOther)
            let extended = try await browser.send(client, .post, "\(href)/extend", form: [("csrf", csrf), ("extend", "Many systems")])
            #expect(extended.status == .seeOther)
            let incomplete = try await browser.send(
                client, .post, "\(href)/transitions", form: [("csrf", csrf), ("to", "denied"), ("reason", "Legal hold")])
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.body.contains(#"aria-describedby="rq-exemption-error""#))
            #expect(incomplete.body.contains("Legal hold"))
            let denied = try await browser.send(
                client, .post, "\(href)/transitions",
                form: [("csrf", csrf), ("to", "denied"), ("reason", "Legal hold"), ("exemption", "legalObligation")])
            #expect(denied.status == .seeOther)
            let stored = try #require(try await test.services.store.request(id, in: "demo"))
            #expect(stored.status == .denied && stored.exemption == .legalObligation && stored.assignee == "sam")
            #expect(stored.extendedDueAt != nil && stored.notes.map(\.text) == ["Called her"])
            #expect(stored.verification?.by == "user:\(agent)")
            let timeline = try await test.services.store.requestTimeline(id, in: "demo")
            #expect(timeline.allSatisfy { $0.entry.actor == "user:\(agent)" || $0.entry.actor == "test" || $0.entry.actor == "accord" })
            #expect(Set(timeline.map(\.entry.action)).count >= 5)
            let closed = try await browser.send(client, .get, href)
            #expect(!closed.body.contains("Move the case"))
        }
    }

    @Test func anAuditorReadsWithoutFormsAndAnEditorSeesNoRequests() async throws {
        let test = try await ConsoleTestApp.make()
        let auditor = try await test.user(.auditor)
        let editor = try await test.user(.editor)
        let id = try await Self.file(test, type: "deletion", jurisdiction: "US-CA", email: "ann@example.org")
        let href = "/console/requests/demo/\(id)"
        try await test.application.test(.router) { client in
            var reader = ConsoleBrowser()
            try await reader.signIn(client, auditor)
            let page = try await reader.send(client, .get, href)
            #expect(page.status == .ok && page.body.contains(id))
            #expect(!page.body.contains("/assign") && !page.body.contains("Add note"))
            let refused = try await reader.send(client, .post, "\(href)/notes", form: [("csrf", page.csrf ?? ""), ("note", "x")])
            #expect(refused.status == .forbidden)
            var configurer = ConsoleBrowser()
            try await configurer.signIn(client, editor)
            #expect(try await configurer.send(client, .get, href).status == .forbidden)
            #expect(try await configurer.send(client, .get, "/console/requests").status == .forbidden)
        }
        #expect(try await test.services.store.request(id, in: "demo")?.notes.isEmpty == true)
    }
}
