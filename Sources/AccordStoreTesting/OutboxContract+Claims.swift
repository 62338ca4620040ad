import AccordCore
import Foundation
import Testing

extension OutboxContract {
    static let ordering: [OutboxContractCase] = [
        OutboxContractCase(name: "aSubjectsLaterMessageWaitsForItsEarlierOne") { store in
            let scene = try await OutboxScene.make(in: store)
            let messages = try await scene.enqueue(
                [(0, "consent.recorded"), (0, "consent.withdrawn"), (1, "consent.recorded")], to: [scene.endpoint])
            let first = try await scene.claimAll(at: scene.now.addingTimeInterval(10))
            #expect(first.map(\.delivery.message.id) == [messages[0].id, messages[2].id], "b does not wait for a")
            #expect(try await scene.claimAll(at: scene.now.addingTimeInterval(10)).isEmpty, "a's second waits while the first is out")
            let ok = scene.report(200, at: scene.now)
            #expect(try await store.finish(first[1], attempt: ok, outcome: .delivered))
            let failed = scene.report(500, at: scene.now)
            let retryAt = scene.now.addingTimeInterval(100)
            #expect(try await store.finish(first[0], attempt: failed, outcome: .retry(at: retryAt)))
            #expect(try await scene.claimAll(at: scene.now.addingTimeInterval(50)).isEmpty, "still behind the failed one")
            let retried = try await scene.claimAll(at: retryAt)
            #expect(retried.map(\.delivery.message.id) == [messages[0].id])
            #expect(try await store.finish(retried[0], attempt: failed, outcome: .dead))
            let next = try await scene.claimAll(at: retryAt)
            #expect(next.map(\.delivery.message.id) == [messages[1].id], "a dead-lettered message no longer blocks its line")
        },
        OutboxContractCase(name: "perSubjectOrderHoldsOverManyRounds") { store in
            let scene = try await OutboxScene.make(in: store)
            var messages: [OutboxMessage] = []
            for index in 0..<12 {
                messages.append(
                    scene.message(
                        subject: scene.subjects[index % 3], type: "consent.recorded", payload: "{\"n\":\(index)}",
                        offset: Double(index)))
            }
            try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [scene.endpoint]) })
            let sent = try await scene.deliverAll(at: scene.now.addingTimeInterval(100))
            #expect(Set(sent) == Set(messages.map(\.id)) && sent.count == messages.count)
            for subject in scene.subjects {
                let expected = messages.filter { $0.subject == subject }.map(\.id)
                #expect(sent.filter { Set(expected).contains($0) } == expected)
            }
        },
    ]

    static let claims: [OutboxContractCase] = [
        OutboxContractCase(name: "aLapsedLeaseGoesToTheNextClaimerAndTheOldClaimCannotFinish") { store in
            let scene = try await OutboxScene.make(in: store)
            let message = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}")
            try await store.enqueue([OutboxEntry(message: message, destinations: [scene.endpoint])])
            let first = try #require(try await scene.claimAll(at: scene.now).first)
            #expect(try await scene.claimAll(at: scene.now.addingTimeInterval(59)).isEmpty, "leased for 60 s")
            let second = try #require(try await scene.claimAll(at: scene.now.addingTimeInterval(61)).first)
            #expect(second.lease != first.lease)
            let report = scene.report(200, at: scene.now)
            #expect(try await store.finish(first, attempt: report, outcome: .delivered) == false)
            #expect(try await store.finish(second, attempt: report, outcome: .delivered))
            #expect(try await store.attempts(to: scene.endpoint, before: nil, limit: 10).count == 1)
        },
        OutboxContractCase(name: "aBatchOfOutcomesIsRecordedTogetherAndLapsedClaimsAreSkipped") { store in
            let scene = try await OutboxScene.make(in: store)
            let messages = (0..<3).map { scene.message(subject: scene.subjects[$0], type: "consent.recorded", payload: "{}", offset: Double($0)) }
            try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [scene.endpoint]) })
            let claims = try await scene.claimAll(at: scene.now.addingTimeInterval(10))
            #expect(claims.count == 3)
            let report = scene.report(200, at: scene.now)
            #expect(try await store.finish(claims[2], attempt: report, outcome: .delivered))
            let kept = try await store.finish([
                DeliveryResult(claim: claims[0], attempt: report, outcome: .delivered),
                DeliveryResult(claim: claims[1], attempt: report, outcome: .dead),
                DeliveryResult(claim: claims[2], attempt: report, outcome: .dead),
            ])
            #expect(kept == [true, true, false], "the third claim was already ended")
            let stored = try await store.deliveries(to: scene.endpoint, after: nil, limit: 10)
            #expect(stored.map(\.status) == [.delivered, .dead, .delivered])
            #expect(try await store.attempts(to: scene.endpoint, before: nil, limit: 10).count == 3)
            #expect(try await store.finish([]).isEmpty)
        },
        OutboxContractCase(name: "releasingWithoutAnAttemptKeepsTheCount") { store in
            let scene = try await OutboxScene.make(in: store)
            let message = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}")
            try await store.enqueue([OutboxEntry(message: message, destinations: [scene.endpoint])])
            let claim = try #require(try await scene.claimAll(at: scene.now).first)
            #expect(try await store.finish(claim, attempt: nil, outcome: .retry(at: scene.now)))
            let again = try #require(try await scene.claimAll(at: scene.now).first)
            #expect(again.delivery.attempts == 0)
            #expect(try await store.attempts(to: scene.endpoint, before: nil, limit: 10).isEmpty)
        },
        OutboxContractCase(name: "concurrentClaimersNeverHoldTheSameDelivery") { store in
            let scene = try await OutboxScene.make(in: store)
            var messages: [OutboxMessage] = []
            for index in 0..<40 {
                let subject = ContractFixture.randomSubject()
                messages.append(scene.message(subject: subject, type: "consent.recorded", payload: "{}", offset: Double(index)))
            }
            try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [scene.endpoint]) })
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await scene.claimAll(at: scene.now.addingTimeInterval(100), limit: 3)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.delivery.message.id)
                        }
                    }
                }
                var all: [String] = []
                for try await part in group { all += part }
                return all
            }
            #expect(claimed.count == messages.count, "each delivery claimed exactly once")
            #expect(Set(claimed) == Set(messages.map(\.id)))
        },
    ]
}

extension ContractFixture {
    /// A random subject key, for cases that need many.
    public static func randomSubject() -> SubjectKey {
        var generator = SystemRandomNumberGenerator()
        return SubjectKey(bytes: (0..<32).map { _ in generator.next() })!
    }
}
