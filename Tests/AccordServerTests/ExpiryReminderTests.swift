import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The re-consent reminder: written in the transaction of the `expiring` notice that causes it (`FollowUp`), so
/// exactly one per notice, whichever of several instances stores it, and none for the `expired` notice or a
/// withdrawn grant.
@Suite struct ExpiryReminderTests {
    private func record(_ body: String, _ test: TestApplication) async throws {
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .post, "/v1/properties/demo/consents", json: body, headers: [.authorization: "Bearer \(test.adminKey)"])
            #expect(answer.status == .created)
        }
    }

    @Test func threeSweepersQueueOneReminderForOneExpiringGrant() async throws {
        let test = try await TestApplication.make()
        let consentedAt = Date().truncatedToMilliseconds
        try await record(#"{"subject": "user-1", "choices": {"analytics": "granted"}}"#, test)
        // The grant is recorded between these two instants, however long the write takes on a loaded machine.
        let recordedBy = Date()
        // Granted, then withdrawn: no reminder may ever go to user-2.
        try await record(#"{"subject": "user-2", "choices": {"analytics": "granted"}}"#, test)
        try await record(#"{"subject": "user-2", "choices": {"analytics": "denied"}}"#, test)
        let property = try #require(try await test.services.store.property("demo"))
        let lifetime = Double(property.purpose("analytics")!.lifetimeDays) * 86_400
        let clock = ManualServiceClock(now: consentedAt.addingTimeInterval(lifetime - 29 * 86_400))
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        let sweepers = (0..<3).map { _ in
            ExpirySweeper(store: test.services.store, clock: clock, reminders: true, logger: logger)
        }
        async let first = sweepers[0].sweepOnce()
        async let second = sweepers[1].sweepOnce()
        async let third = sweepers[2].sweepOnce()
        let reports = try await [first, second, third]
        #expect(reports.map(\.expiring).reduce(0, +) == 1)

        clock.advance(by: 30 * 86_400)
        for sweeper in sweepers { try await sweeper.sweepOnce() }

        let mails = try await test.services.store.deliveries(to: MailRequest.outboxDestination, after: nil, limit: 100)
        let reminders = try mails.map { try MailRequest(json: $0.message.payload) }
        #expect(reminders.count == 1, "one reminder for one expiring grant, not one per instance or per notice")
        let reminder = try #require(reminders.first)
        // Its id is derived from the notice it follows, which was recorded in the same transaction.
        let notices = try await test.services.store.events(of: reminder.subject, in: DemoProperty.id, before: nil, limit: 10)
        let expiring = try #require(notices.first { $0.event.kind == .expiring })
        #expect(mails.first?.message.id == MailRequest.messageID(of: expiring.event.id, kind: .reconsentReminder))
        #expect(reminder.kind == .reconsentReminder)
        #expect(reminder.subject == test.services.recorder.subjectKey(for: "user-1", in: DemoProperty.id))
        #expect(reminder.purposes == ["analytics"])
        #expect(
            reminder.expiresAt.map { $0 >= consentedAt.addingTimeInterval(lifetime) && $0 <= recordedBy.addingTimeInterval(lifetime) } == true)
    }
}
