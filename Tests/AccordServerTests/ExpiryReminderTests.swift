import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// The re-consent reminder: the expiry sweeper queues one per `expiring` notice it stores, whichever of several
/// instances stores it, and none for the `expired` notice or a withdrawn grant.
@Suite struct ExpiryReminderTests {
    /// Holds what a sweeper queued, in the order it came.
    final class RecordingQueue: MailQueue {
        private let queued = Mutex<[MailRequest]>([])
        var requests: [MailRequest] { queued.withLock { $0 } }
        func enqueue(_ request: MailRequest) async throws { queued.withLock { $0.append(request) } }
    }

    private func record(_ body: String, _ test: TestApplication) async throws {
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .post, "/v1/properties/demo/consents", json: body, headers: [.authorization: "Bearer \(test.adminKey)"])
            #expect(answer.status == .created)
        }
    }

    @Test func threeSweepersQueueOneReminderForOneExpiringGrant() async throws {
        let test = try await TestApplication.make()
        let consentedAt = Date()
        try await record(#"{"subject": "user-1", "choices": {"analytics": "granted"}}"#, test)
        // The grant's time lies between the two readings, however long a loaded machine took to record it.
        let recordedBy = Date()
        // Granted, then withdrawn: no reminder may ever go to user-2.
        try await record(#"{"subject": "user-2", "choices": {"analytics": "granted"}}"#, test)
        try await record(#"{"subject": "user-2", "choices": {"analytics": "denied"}}"#, test)
        let property = try #require(try await test.services.store.property("demo"))
        let lifetime = Double(property.purpose("analytics")!.lifetimeDays) * 86_400
        let clock = ManualServiceClock(now: consentedAt.addingTimeInterval(lifetime - 29 * 86_400))
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        let queues = [RecordingQueue(), RecordingQueue(), RecordingQueue()]
        let sweepers = queues.map { queue in
            ExpirySweeper(store: test.services.store, clock: clock, reminders: queue, logger: logger)
        }
        async let first = sweepers[0].sweepOnce()
        async let second = sweepers[1].sweepOnce()
        async let third = sweepers[2].sweepOnce()
        let reports = try await [first, second, third]
        #expect(reports.map(\.expiring).reduce(0, +) == 1)

        clock.advance(by: 30 * 86_400)
        for sweeper in sweepers { try await sweeper.sweepOnce() }

        let reminders = queues.flatMap(\.requests)
        #expect(reminders.count == 1, "one reminder for one expiring grant, not one per instance or per notice")
        let reminder = try #require(reminders.first)
        #expect(reminder.kind == .reconsentReminder)
        #expect(reminder.subject == test.services.recorder.subjectKey(for: "user-1", in: DemoProperty.id))
        #expect(reminder.purposes == ["analytics"])
        let earliest = consentedAt.addingTimeInterval(lifetime - 1)
        let latest = recordedBy.addingTimeInterval(lifetime + 1)
        #expect(reminder.expiresAt.map { $0 >= earliest && $0 <= latest } == true)
    }
}
