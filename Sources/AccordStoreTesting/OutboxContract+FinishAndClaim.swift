import AccordCore
import Foundation
import Testing

/// `Outbox.finishAndClaim`: a batch's outcomes and the next claim together, exactly as the two calls one after
/// the other.
extension OutboxContract {
    static let finishingAndClaiming: [OutboxContractCase] = [
        OutboxContractCase(name: "finishingAndClaimingTogetherLetsTheSubjectsNextMessageThroughAndSkipsLapsedClaims") { store in
            let scene = try await OutboxScene.make(in: store)
            let a = scene.subjects[0]
            let b = scene.subjects[1]
            let messages = [
                scene.message(subject: a, type: "consent.recorded", payload: "{}", offset: 0),
                scene.message(subject: b, type: "consent.recorded", payload: "{}", offset: 1),
                scene.message(subject: a, type: "consent.withdrawn", payload: "{}", offset: 2),
                scene.message(subject: b, type: "consent.withdrawn", payload: "{}", offset: 3),
            ]
            try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [scene.endpoint, scene.other]) })
            let time = scene.now.addingTimeInterval(10)
            let first = try await store.claim(channel: .webhook, destinations: [scene.endpoint], now: time, lease: .seconds(60), limit: 10)
            #expect(first.map(\.delivery.message.id) == [messages[0].id, messages[1].id])
            let ok = AttemptReport(at: time, statusCode: 200, error: nil, latencyMilliseconds: 2)
            let failed = AttemptReport(at: time, statusCode: 500, error: nil, latencyMilliseconds: 2)
            // b's first fails: its second stays behind it; a's first is delivered: its second comes with the claim.
            let (kept, next) = try await store.finishAndClaim(
                [
                    DeliveryResult(claim: first[0], attempt: ok, outcome: .delivered),
                    DeliveryResult(claim: first[1], attempt: failed, outcome: .retry(at: time.addingTimeInterval(100))),
                ], channel: .webhook, destinations: [scene.endpoint], now: time, lease: .seconds(60), limit: 10)
            #expect(kept == [true, true])
            #expect(next.map(\.delivery.message.id) == [messages[2].id], "only the endpoint asked for, in order per subject")
            let attempts = try await store.attempts(to: scene.endpoint, before: nil, limit: 10)
            #expect(attempts.count == 2)
            // A claim already ended is not recorded again; the claim still runs (nothing due now), and the other
            // destination's deliveries were never touched.
            let (again, none) = try await store.finishAndClaim(
                [DeliveryResult(claim: first[0], attempt: ok, outcome: .dead)], channel: .webhook, destinations: [scene.endpoint],
                now: time, lease: .seconds(60), limit: 10)
            #expect(again == [false])
            #expect(none.isEmpty)
            let stored = try await store.deliveries(to: scene.endpoint, after: nil, limit: 10)
            #expect(stored.map(\.status) == [.delivered, .pending, .pending, .pending])
            #expect(try await store.deliveries(to: scene.other, after: nil, limit: 10).allSatisfy { $0.attempts == 0 })
        }
    ]
}
