import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct ExpirySweeperTests {
    /// `expiry` and `link` are Accord's own sources: not even a key holder may claim them.
    @Test(arguments: ["expiry", "link"])
    func callersCannotRecordAccordsOwnSources(_ source: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject": "user-1", "choices": {"analytics": "granted"}, "source": "\#(source)"}"#
            let answer = try await client.send(
                .post, "/v1/properties/demo/consents", json: body, headers: [.authorization: "Bearer \(test.adminKey)"])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.error?["field"] as? String == "source")
        }
    }

    /// The sweeper runs on a clock the test moves past the notice window and the expiry; the subject's history
    /// (admin API) then shows one `expiring` and one `expired` notice, and `accord audit verify`'s check passes.
    @Test func movingTheClockRecordsOneExpiringAndOneExpiredNotice() async throws {
        let test = try await TestApplication.make()
        let consentedAt = Date()
        let body = #"{"subject": "user-1", "choices": {"analytics": "granted"}}"#
        try await test.application.test(.router) { client in
            let recorded = try await client.send(
                .post, "/v1/properties/demo/consents", json: body, headers: [.authorization: "Bearer \(test.adminKey)"])
            #expect(recorded.status == .created)
        }
        let property = try #require(try await test.services.store.property("demo"))
        let lifetime = Double(property.purpose("analytics")!.lifetimeDays) * 86_400
        let clock = ManualServiceClock(now: consentedAt)
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        let sweeper = ExpirySweeper(store: test.services.store, clock: clock, interval: .seconds(60), logger: logger)
        let running = Task { try await sweeper.run() }
        await clock.sleepStarted(1)
        clock.advance(by: lifetime - 29 * 86_400)
        await clock.sleepStarted(2)
        clock.advance(by: 86_400)
        await clock.sleepStarted(3)
        clock.advance(by: 29 * 86_400)
        await clock.sleepStarted(4)
        clock.advance(by: 86_400)
        await clock.sleepStarted(5)
        clock.stop()
        try await running.value
        try await test.application.test(.router) { client in
            let history = try await client.send(
                .get, "/v1/properties/demo/subjects/user-1/events", headers: [.authorization: "Bearer \(test.adminKey)"])
            let events = try #require(history.body["events"] as? [[String: Any]])
            #expect(events.compactMap { $0["kind"] as? String } == ["expired", "expiring"])
            #expect(events.filter { $0["source"] as? String == "expiry" }.count == 2)
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }
}
