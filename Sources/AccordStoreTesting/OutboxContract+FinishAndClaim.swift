import AccordCore
import Foundation
import Testing

/// `Outbox.finishAndClaim`: a batch's outcomes and the next claim together, exactly as the two calls one after
/// the other.
extension OutboxContract {
    static let finishingAndClaiming: [OutboxContractCase] = [
        OutboxContractCase(name: "finishingAndClaimingTogetherLetsTheSubjectsNextMessageThroughAndSkipsLapsedClaims") { store in
            let scene = try await OutboxScene.make(in: store)
            let messages = try await scene.enqueue(
                [(0, "consent.recorded"), (1, "consent.recorded"), (0, "consent.withdrawn"), (1, "consent.withdrawn")],
                to: [scene.endpoint, scene.other])
            let time = scene.now.addingTimeInterval(10)
            let first = try await store.claim(channel: .webhook, destinations: [scene.endpoint], now: time, lease: .seconds(60), limit: 10)
            #expect(first.map(\.delivery.message.id) == [messages[0].id, messages[1].id])
            let ok = scene.report(200, at: time)
            let failed = scene.report(500, at: time)
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
