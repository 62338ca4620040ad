import AccordCore
import Foundation
import Testing

/// The per-(destination, subject) order when a subject's messages go to different destinations: a message waits
/// for the subject's earlier message to its own destination even with messages to elsewhere between them, and
/// never for one to elsewhere.
extension OutboxContract {
    static let links: [OutboxContractCase] = [
        OutboxContractCase(name: "aSubjectsMessageWaitsForItsEarlierOneToTheSameDestinationPastOthersBetween") { store in
            let scene = try await OutboxScene.make(in: store)
            let subject = scene.subjects[0]
            let first = scene.message(subject: subject, type: "consent.recorded", payload: "{}", offset: 0)
            let elsewhere = scene.message(subject: subject, type: "consent.withdrawn", payload: "{}", offset: 1)
            let third = scene.message(subject: subject, type: "consent.recorded", payload: "{}", offset: 2)
            try await store.enqueue([
                OutboxEntry(message: first, destinations: [scene.endpoint]), OutboxEntry(message: elsewhere, destinations: [scene.other]),
                OutboxEntry(message: third, destinations: [scene.endpoint]),
            ])
            let time = scene.now.addingTimeInterval(10)
            // The other destination's message waits for nothing of this one's.
            let other = try await store.claim(channel: .webhook, destinations: [scene.other], now: time, lease: .seconds(60), limit: 10)
            #expect(other.map(\.delivery.message.id) == [elsewhere.id])
            #expect(try await store.finish(other[0], attempt: scene.report(200, at: time), outcome: .delivered))
            // The endpoint's third message waits for its first, past the delivered one between them; through a
            // worker's single-destination claim and through the general one alike.
            let claimed = try await store.claim(
                channel: .webhook, destinations: [scene.endpoint], now: time, lease: .seconds(60), limit: 10)
            #expect(claimed.map(\.delivery.message.id) == [first.id])
            #expect(try await scene.claimAll(at: time).isEmpty)
            #expect(try await store.finish(claimed[0], attempt: scene.report(500, at: time), outcome: .retry(at: time + 30)))
            #expect(try await store.claim(channel: .webhook, destinations: [scene.endpoint], now: time + 5, lease: .seconds(60), limit: 10).isEmpty)
            let retried = try await scene.claimAll(at: time + 30)
            #expect(retried.map(\.delivery.message.id) == [first.id])
            #expect(try await store.finish(retried[0], attempt: scene.report(200, at: time + 30), outcome: .delivered))
            #expect(try await scene.claimAll(at: time + 30).map(\.delivery.message.id) == [third.id])
        }
    ]
}
