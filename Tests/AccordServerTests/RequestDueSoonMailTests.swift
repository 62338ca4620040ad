import AccordCore
import AccordMail
import AccordStoreTesting
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AccordServer

/// The due-soon e-mail to the privacy team (issue 13 §3), through a real SMTP server: 7 and 2 days before the due date,
/// to the assignee's address or else the property's privacy contact, queued with the `request.dueSoon` webhook and
/// the reminder's audit entry in one change, and holding nothing of the requester beyond the request's reference.
@Suite(.enabled(if: SMTPTestServer.shouldRun, SMTPTestServer.skipNotice), .serialized)
struct RequestDueSoonMailTests {
    @Test func theAssigneeAndThenThePrivacyContactAreRemindedWithoutTheRequestersData() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let settings: [String: ConfigContent] = [
            "mail.smtp.host": .string("127.0.0.1"), "mail.smtp.port": .int(sink.port), "mail.smtp.security": .string("none"),
            "mail.from": .string("accord@example.com"),
        ]
        let transport = SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: sink.port, security: .none, username: nil, password: nil, heloName: "localhost"))
        let test = try await TestApplication.make(settings: settings, mailTransport: transport)
        let key = bearer(test.adminKey)
        let now = Date()
        let received = now.addingTimeInterval(-40 * 86_400).rfc3339
        let (assigned, unassigned) = try await test.application.test(.router) { client in
            _ = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"privacyContact":"privacy-team@example.com","requestTimeZone":"Europe/Berlin"}"#,
                headers: key)
            var ids: [String] = []
            for email in ["wes@example.com", "xia@example.com"] {
                let made = try await client.send(
                    .post, RequestAPITests.admin,
                    json: #"{"type":"deletion","email":"\#(email)","jurisdiction":"US-CA","details":"Secret words","receivedAt":"\#(received)"}"#,
                    headers: key)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(
                    .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"known customer"}"#, headers: key)
                ids.append(id)
            }
            _ = try await client.send(.patch, "\(RequestAPITests.admin)/\(ids[0])", json: #"{"assignee":"Agent.Smith@Example.com"}"#, headers: key)
            return (ids[0], ids[1])
        }
        // The e-mails queued when the request was filed go first.
        await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
        let before = try sink.received().count
        let clock = ManualServiceClock(now: now)
        let service = test.services.requestService(clock: clock, logger: ContactAPITests.quiet)
        #expect(try await service.runOnce() == 2, "both are due within 7 days")
        // The reminder's audit entry and its e-mail were written together.
        for id in [assigned, unassigned] {
            let timeline = try await test.services.store.requestTimeline(id, in: "demo")
            #expect(timeline.last?.entry.action == "request.reminded")
        }
        await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
        let sent = Array(try sink.received().dropFirst(before))
        #expect(sent.count == 2)
        let toAgent = try #require(sent.first { $0.recipients == ["agent.smith@example.com"] })
        let toTeam = try #require(sent.first { $0.recipients == ["privacy-team@example.com"] })
        #expect(toAgent.text.contains(assigned) && toTeam.text.contains(unassigned))
        for message in sent {
            #expect(message.text.contains("Subject: Privacy request req_"))
            #expect(message.text.contains("(Europe/Berlin)"))
            #expect(message.text.contains("/console/requests/demo/req_"))
            #expect(!message.text.contains("wes@example.com") && !message.text.contains("xia@example.com"))
            #expect(!message.text.contains("Secret words"))
        }
        #expect(try await service.runOnce() == 0, "each reminder goes once")

        // Two days before: the second reminder follows a reassignment made since.
        let due = try #require(try await test.services.store.request(assigned, in: "demo")?.effectiveDueAt)
        try await test.application.test(.router) { client in
            _ = try await client.send(.patch, "\(RequestAPITests.admin)/\(assigned)", json: #"{"assignee":"rae@example.com"}"#, headers: key)
            _ = try await client.send(
                .post, "\(RequestAPITests.admin)/\(unassigned)/transitions", json: #"{"to":"completed"}"#, headers: key)
        }
        await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
        let count = try sink.received().count
        clock.advance(by: due.timeIntervalSince(now) - 1.5 * 86_400)
        #expect(try await service.runOnce() == 1, "the completed request is no longer reminded")
        // Delivered on the service's clock: the reminder was queued at its (future) time.
        await test.services.mailDelivery(logger: ContactAPITests.quiet, clock: clock)?.runOnce()
        let second = Array(try sink.received().dropFirst(count))
        #expect(second.map(\.recipients) == [["rae@example.com"]])
    }
}
