import AccordCore
import Foundation
import Testing

/// What `OutboxBacklog` must report: every pending delivery by channel, leased or waiting for a retry, and none
/// once delivered or dead-lettered. Run on a fresh store per case.
public enum OutboxBacklogContract {
    public static let cases: [OutboxContractCase] = [
        OutboxContractCase(name: "anEmptyOutboxHasNoBacklog") { store in
            let backlog = try await store.outboxBacklog()
            #expect(backlog.isEmpty)
        },
        OutboxContractCase(name: "theBacklogCountsPendingDeliveriesByChannelUntilTheyEnd") { store in
            let scene = try await OutboxScene.make(in: store)
            var mail = scene.message(subject: scene.subjects[1], type: "mail.reminder", payload: "{}")
            mail.channel = .mail
            try await store.enqueue([
                OutboxEntry(
                    message: scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}"),
                    destinations: [scene.endpoint, scene.other]),
                OutboxEntry(
                    message: scene.message(subject: scene.subjects[2], type: "consent.recorded", payload: "{}"),
                    destinations: [scene.endpoint]),
                OutboxEntry(message: mail, destinations: ["mail:" + scene.endpoint]),
            ])
            #expect(try await store.outboxBacklog() == [.webhook: 3, .mail: 1])

            // Leased deliveries are still owed; a retry stays in the backlog, delivered and dead ones leave it.
            let claims = try await scene.claimAll(at: scene.now)
            try #require(claims.count == 3)
            #expect(try await store.outboxBacklog() == [.webhook: 3, .mail: 1])
            let report = AttemptReport(at: scene.now, statusCode: 500, error: nil, latencyMilliseconds: 3)
            let kept = try await store.finish([
                DeliveryResult(claim: claims[0], attempt: report, outcome: .delivered),
                DeliveryResult(claim: claims[1], attempt: report, outcome: .retry(at: scene.now.addingTimeInterval(60))),
                DeliveryResult(claim: claims[2], attempt: report, outcome: .dead),
            ])
            #expect(kept == [true, true, true])
            #expect(try await store.outboxBacklog() == [.webhook: 1, .mail: 1])

            let mails = try await store.claim(channel: .mail, destinations: nil, now: scene.now, lease: .seconds(60), limit: 10)
            let mailClaim = try #require(mails.first)
            #expect(try await store.finish(mailClaim, attempt: nil, outcome: .delivered))
            #expect(try await store.outboxBacklog() == [.webhook: 1])
        },
    ]
}
