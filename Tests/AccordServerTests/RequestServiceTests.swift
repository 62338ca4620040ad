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
        // Mail for one subject goes out in order, one per pass, on the service's clock.
        for _ in 0..<3 { await test.services.mailDelivery(logger: ContactAPITests.quiet, clock: clock)?.runOnce() }
        #expect(RequestAPITests.texts(transport).contains { $0.contains("is not confirmed yet") && $0.contains(id) })
        clock.advance(by: 7 * 86_400 + 60 - 25 * 3600)
        #expect(try await service.runOnce() == 1)
        let closed = try #require(try await test.services.store.request(id, in: "demo"))
        #expect(closed.status == .unverifiable)
        for _ in 0..<2 { await test.services.mailDelivery(logger: ContactAPITests.quiet, clock: clock)?.runOnce() }
        #expect(RequestAPITests.texts(transport).contains { $0.contains("not confirmed within 7 days") && $0.contains("categories") })
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
