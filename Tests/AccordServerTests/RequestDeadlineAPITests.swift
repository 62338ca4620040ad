import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Every request shows its law and clock, computed by the deadline tables from its receipt, jurisdiction and the
/// property's holidays; extensions follow the law.
@Suite struct RequestDeadlineAPITests {
    func enter(_ client: some TestClientProtocol, _ key: HTTPFields, type: String, jurisdiction: String, receivedAt: String)
        async throws -> [String: Any]
    {
        let made = try await client.send(
            .post, RequestAPITests.admin,
            json:
                #"{"type":"\#(type)","email":"clock@example.com","jurisdiction":"\#(jurisdiction)","receivedAt":"\#(receivedAt)","channel":"mail"}"#,
            headers: key)
        #expect(made.status == .created)
        return made.body
    }

    @Test func aCaliforniaRequestIsDueIn45DaysAndAcknowledgedIn10BusinessDays() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let request = try await enter(client, key, type: "access", jurisdiction: "US-CA", receivedAt: "2026-01-05T10:00:00Z")
            #expect(request["law"] as? String == "ccpa")
            // Monday 5 January + 45 days = Thursday 19 February; 10 business days = Monday 19 January.
            #expect((request["dueAt"] as? String)?.hasPrefix("2026-02-19") == true)
            #expect((request["acknowledgeBy"] as? String)?.hasPrefix("2026-01-19") == true)
            #expect(request["overdue"] as? Bool == true, "long past, still open")
            #expect((request["daysLeft"] as? Int ?? 0) < 0)
            let id = try #require(request["id"] as? String)
            let late = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/extend", json: #"{"reason":"many systems"}"#, headers: key)
            #expect(late.status == .conflict && late.body.errorCode == "extension_refused", "the notice window closed on 19 February")
        }
    }

    @Test func aGDPRRequestOf31JanuaryIsDueAtTheEndOfFebruaryMovedOffTheWeekendAndTheHoliday() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            // 31 January + 1 month = 28 February 2026, a Saturday: the next working day is Monday 2 March.
            let plain = try await enter(client, key, type: "deletion", jurisdiction: "DE", receivedAt: "2026-01-31T09:00:00Z")
            #expect(plain["law"] as? String == "gdpr")
            #expect((plain["dueAt"] as? String)?.hasPrefix("2026-03-02") == true)
            #expect(plain["acknowledgeBy"] is NSNull)
            _ = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"requestHolidays":["2026-03-02"]}"#, headers: key)
            let holiday = try await enter(client, key, type: "deletion", jurisdiction: "FR", receivedAt: "2026-01-31T09:00:00Z")
            #expect((holiday["dueAt"] as? String)?.hasPrefix("2026-03-03") == true, "2 March is the property's holiday")
        }
    }

    @Test func anExtensionWithinTheWindowIsGrantedOnceAndTheRequesterIsTold() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let received = Date().addingTimeInterval(-3 * 86_400).rfc3339
            let request = try await enter(client, key, type: "deletion", jurisdiction: "US-VA", receivedAt: received)
            #expect(request["law"] as? String == "us-va")
            let id = try #require(request["id"] as? String)
            let dueAt = try #require((request["dueAt"] as? String).flatMap { Date(rfc3339: $0) })
            let extended = try await client.send(
                .post, "\(RequestAPITests.admin)/\(id)/extend", json: #"{"reason":"the records are archived off-site"}"#, headers: key)
            #expect(extended.status == .ok)
            let extendedAt = try #require((extended.body["extendedDueAt"] as? String).flatMap { Date(rfc3339: $0) })
            #expect(abs(extendedAt.timeIntervalSince(dueAt) - 45 * 86_400) < 2 * 86_400, "45 more days")
            #expect(extended.body["extensionReason"] as? String == "the records are archived off-site")
            let again = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/extend", json: #"{"reason":"more"}"#, headers: key)
            #expect(again.status == .conflict && again.body.errorCode == "extension_refused")
            let noLaw = try await enter(client, key, type: "access", jurisdiction: "JP", receivedAt: received)
            #expect(noLaw["law"] is NSNull && noLaw["dueAt"] is NSNull)
            let refused = try await client.send(
                .post, "\(RequestAPITests.admin)/\(try #require(noLaw["id"] as? String))/extend", json: #"{"reason":"x"}"#, headers: key)
            #expect(refused.status == .conflict)
        }
        // Mail for one subject goes out in order, one per pass: the code, then the extension.
        for _ in 0..<3 { await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce() }
        #expect(RequestAPITests.texts(transport).contains { $0.contains("the records are archived off-site") })
    }
}
