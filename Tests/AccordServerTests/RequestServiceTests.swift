import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AccordServer

/// The request service on a clock the test moves: the code reminder after 24 hours, once; the `unverifiable`
/// closing after 7 days with its e-mail; verified requests left alone.
@Suite struct RequestServiceTests {
    @Test func anUnverifiedRequestIsRemindedOnceAfterADayAndClosedAfterAWeek() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let id = try await test.application.test(.router) { client in
            let made = try await client.send(
                .post, RequestAPITests.requests, json: #"{"type":"access","email":"gina@example.com","jurisdiction":"DE"}"#,
                headers: localOrigin)
            _ = try await client.send(
                .post, RequestAPITests.requests, json: #"{"type":"optOut","email":"hank@example.com","jurisdiction":"US-CA"}"#,
                headers: localOrigin)
            return try #require(made.body["id"] as? String)
        }
        let start = Date()
        let clock = ManualServiceClock(now: start.addingTimeInterval(3600))
        let service = test.services.requestService(clock: clock, logger: ContactAPITests.quiet)
        #expect(try await service.runOnce() == 0, "nothing is due within the first day")
        clock.advance(by: 24 * 3600)
        #expect(try await service.runOnce() == 1)
        #expect(try await service.runOnce() == 0, "the reminder goes once")
        let queued = { try await test.services.store.deliveries(to: "mail", after: nil, limit: 50).map(\.message.type) }
        #expect(try await queued().filter { $0 == "mail.requestVerifyReminder" }.count == 1)
        clock.advance(by: 7 * 86_400 + 60 - 25 * 3600)
        #expect(try await service.runOnce() == 1)
        let closed = try #require(try await test.services.store.request(id, in: "demo"))
        #expect(closed.status == .unverifiable)
        #expect(try await queued().contains("mail.requestUnverifiable"))
        let letter = RequestLetters.make(.requestUnverifiable, request: closed, property: DemoProperty.make(), code: nil, link: "x")
        #expect(letter.paragraphs.joined().contains("not confirmed within 7 days") && letter.paragraphs.joined().contains("categories"))
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }
}

/// `request.dueSoon` 7 and 2 days before the due date, once each.
@Suite struct RequestDueSoonTests {
    @Test func dueSoonIsSentSevenAndTwoDaysBeforeTheDueDateOnceEach() async throws {
        let test = try await TestApplication.make()
        let now = Date()
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "https://hooks.example/due", events: [.requestDueSoon],
            description: nil, status: .active, secret: Array("s".utf8), createdAt: now, updatedAt: now)
        try await test.services.store.saveWebhookEndpoint(endpoint)
        let dueAt = try await test.application.test(.router) { client in
            let made = try await client.send(
                .post, RequestAPITests.admin,
                json:
                    #"{"type":"deletion","email":"due@example.com","jurisdiction":"US-CA","receivedAt":"\#(now.addingTimeInterval(-40 * 86_400).rfc3339)"}"#,
                headers: bearer(test.adminKey))
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(
                .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"known customer"}"#, headers: bearer(test.adminKey))
            return try #require((made.body["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
        }
        let clock = ManualServiceClock(now: now)
        let service = test.services.requestService(clock: clock, logger: ContactAPITests.quiet)
        #expect(try await service.runOnce() == 1, "due within 7 days")
        #expect(try await service.runOnce() == 0)
        clock.advance(by: dueAt.timeIntervalSince(now) - 1.5 * 86_400)
        #expect(try await service.runOnce() == 1, "due within 2 days")
        #expect(try await service.runOnce() == 0)
        let sent = try await test.services.store.deliveries(to: endpoint.id, after: nil, limit: 10)
        #expect(sent.map(\.message.type) == ["request.dueSoon", "request.dueSoon"])
    }
}
