import AccordCore
import Foundation
import Testing

/// One check of the outbox contract.
public struct OutboxContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// What every outbox must do: store messages with one delivery per destination, hand each delivery to one
/// claimer at a time, keep per (destination, subject) order, record attempts, and replay with the same ids.
public enum OutboxContract {
    public static let cases: [OutboxContractCase] = basics + ordering + claims + sequences + finishingAndClaiming + links

    static let basics: [OutboxContractCase] = [
        OutboxContractCase(name: "enqueuedMessagesComeBackAsStored") { store in
            let scene = try await OutboxScene.make(in: store)
            let first = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: #"{"a":1}"#)
            let bare = scene.message(subject: nil, type: "policy.published", payload: #"{"version":2}"#, offset: 1)
            try await store.enqueue([
                OutboxEntry(message: first, destinations: [scene.endpoint, scene.other]),
                OutboxEntry(message: bare, destinations: [scene.endpoint]),
                OutboxEntry(message: scene.message(subject: nil, type: "ignored", payload: "{}"), destinations: []),
            ])
            let stored = try await store.deliveries(to: scene.endpoint, after: nil, limit: 10)
            #expect(stored.map(\.message.id) == [first.id, bare.id])
            #expect(stored.allSatisfy { $0.status == .pending && $0.attempts == 0 })
            #expect(stored[0].message.payload == first.payload && stored[0].message.subject == first.subject)
            #expect(stored[0].message.createdAt == first.createdAt && stored[0].message.type == "consent.recorded")
            #expect(stored[1].message.subject == nil && stored[1].message.sequence > stored[0].message.sequence)
            #expect(try await store.deliveries(to: scene.other, after: nil, limit: 10).map(\.message.id) == [first.id])
            let rest = try await store.deliveries(to: scene.endpoint, after: stored[0].message.sequence, limit: 10)
            #expect(rest.map(\.message.id) == [bare.id])
        },
        OutboxContractCase(name: "channelsAndDestinationsAreClaimedSeparately") { store in
            let scene = try await OutboxScene.make(in: store)
            let hook = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}")
            var mail = scene.message(subject: scene.subjects[1], type: "mail.reminder", payload: "{}")
            mail.channel = .mail
            try await store.enqueue([
                OutboxEntry(message: hook, destinations: [scene.endpoint, scene.other]),
                OutboxEntry(message: mail, destinations: ["mail:" + scene.endpoint]),
            ])
            let mails = try await store.claim(channel: .mail, destinations: nil, now: scene.now, lease: .seconds(60), limit: 10)
            #expect(mails.map(\.delivery.message.id) == [mail.id])
            let other = try await store.claim(
                channel: .webhook, destinations: [scene.other], now: scene.now, lease: .seconds(60), limit: 10)
            #expect(other.map(\.delivery.destination) == [scene.other])
            #expect(try await store.claim(channel: .webhook, destinations: [], now: scene.now, lease: .seconds(60), limit: 10).isEmpty)
            let rest = try await store.claim(channel: .webhook, destinations: nil, now: scene.now, lease: .seconds(60), limit: 10)
            #expect(rest.map(\.delivery.destination) == [scene.endpoint])
        },
        OutboxContractCase(name: "attemptsAreRecordedAndListedNewestFirst") { store in
            let scene = try await OutboxScene.make(in: store)
            let message = scene.message(subject: scene.subjects[0], type: "consent.withdrawn", payload: "{}")
            try await store.enqueue([OutboxEntry(message: message, destinations: [scene.endpoint])])
            var now = scene.now
            for (number, status) in [500, 503].enumerated() {
                let claim = try #require(try await scene.claimAll(at: now).first)
                #expect(claim.delivery.attempts == number)
                let report = AttemptReport(at: now, statusCode: status, error: nil, latencyMilliseconds: 12)
                #expect(try await store.finish(claim, attempt: report, outcome: .retry(at: now.addingTimeInterval(30))))
                #expect(try await scene.claimAll(at: now.addingTimeInterval(29)).isEmpty, "not due before its retry time")
                now = now.addingTimeInterval(30)
            }
            let last = try #require(try await scene.claimAll(at: now).first)
            #expect(last.delivery.lastStatusCode == 503)
            #expect(last.delivery.firstAttemptAt == scene.now, "the first attempt's time stays")
            let report = AttemptReport(at: now, statusCode: nil, error: "timed out", latencyMilliseconds: 10_000)
            #expect(try await store.finish(last, attempt: report, outcome: .delivered))
            #expect(try await scene.claimAll(at: now.addingTimeInterval(3600)).isEmpty)
            let attempts = try await store.attempts(to: scene.endpoint, before: nil, limit: 2)
            #expect(attempts.map(\.number) == [3, 2])
            #expect(attempts[0].report.error == "timed out" && attempts[0].report.statusCode == nil && attempts[0].nextAttemptAt == nil)
            #expect(attempts[1].report.statusCode == 503 && attempts[1].nextAttemptAt == now)
            #expect(attempts.allSatisfy { $0.messageID == message.id && $0.type == "consent.withdrawn" })
            let older = try await store.attempts(to: scene.endpoint, before: attempts[1].sequence, limit: 10)
            #expect(older.map(\.number) == [1])
            #expect(older.first?.report.latencyMilliseconds == 12)
            let stored = try await store.deliveries(to: scene.endpoint, after: nil, limit: 1)
            #expect(stored.first?.status == .delivered && stored.first?.attempts == 3)
        },
        OutboxContractCase(name: "replayRequeuesTheSameMessagesSinceATime") { store in
            let scene = try await OutboxScene.make(in: store)
            let old = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}", offset: -100)
            let recent = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}", offset: -10)
            try await store.enqueue([
                OutboxEntry(message: old, destinations: [scene.endpoint]),
                OutboxEntry(message: recent, destinations: [scene.endpoint]),
            ])
            try await scene.deliverAll(at: scene.now)
            #expect(try await scene.claimAll(at: scene.now).isEmpty)
            let later = scene.now.addingTimeInterval(60)
            #expect(try await store.requeue(destination: scene.endpoint, since: scene.now.addingTimeInterval(-50), now: later) == 1)
            #expect(try await scene.claimAll(at: scene.now).isEmpty, "due at the replay's time")
            let again = try await scene.claimAll(at: later)
            #expect(again.map(\.delivery.message.id) == [recent.id])
            #expect(again.first?.delivery.attempts == 0 && again.first?.delivery.firstAttemptAt == nil)
        },
        OutboxContractCase(name: "discardDropsOnlyPendingDeliveriesOfTheDestination") { store in
            let scene = try await OutboxScene.make(in: store)
            let first = scene.message(subject: scene.subjects[0], type: "consent.recorded", payload: "{}")
            let second = scene.message(subject: scene.subjects[1], type: "consent.recorded", payload: "{}", offset: 1)
            try await store.enqueue([OutboxEntry(message: first, destinations: [scene.endpoint, scene.other])])
            try await scene.deliverAll(at: scene.now)
            try await store.enqueue([OutboxEntry(message: second, destinations: [scene.endpoint, scene.other])])
            #expect(try await store.discard(destination: scene.endpoint) == 1)
            #expect(try await store.deliveries(to: scene.endpoint, after: nil, limit: 10).map(\.status) == [.delivered])
            #expect(try await store.deliveries(to: scene.other, after: nil, limit: 10).map(\.status) == [.delivered, .pending])
        },
    ]
}

/// A property, three subjects and two destinations, unique per case.
struct OutboxScene: Sendable {
    let store: any ConsentStore
    let property: PropertyID
    let subjects: [SubjectKey]
    let endpoint: String
    let other: String
    let now: Date

    static func make(in store: any ConsentStore) async throws -> OutboxScene {
        let fixture = try await ContractFixture.make(in: store)
        let suffix = UUID().uuidString.lowercased().prefix(8)
        return OutboxScene(
            store: store, property: fixture.property.id, subjects: (0..<3).map { _ in fixture.newSubject() },
            endpoint: "wh_a\(suffix)", other: "wh_b\(suffix)", now: fixture.start)
    }

    func message(subject: SubjectKey?, type: String, payload: String, offset: TimeInterval = 0) -> OutboxMessage {
        OutboxMessage(
            id: OutboxMessage.randomID(), channel: .webhook, type: type, property: property, subject: subject,
            payload: Array(payload.utf8), createdAt: now.addingTimeInterval(offset))
    }

    /// Queues one message per (subject, type) of `line`, a second apart in that order, each for `destinations`;
    /// returns them in that order. Subjects are indexes into `subjects`.
    func enqueue(_ line: [(subject: Int, type: String)], to destinations: [String]) async throws -> [OutboxMessage] {
        let messages = line.enumerated().map { index, item in
            message(subject: subjects[item.subject], type: item.type, payload: "{}", offset: Double(index))
        }
        try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: destinations) })
        return messages
    }

    /// An attempt at `time` answered with `status`.
    func report(_ status: Int, at time: Date) -> AttemptReport {
        AttemptReport(at: time, statusCode: status, error: nil, latencyMilliseconds: 2)
    }

    func claimAll(at time: Date, limit: Int = 100) async throws -> [ClaimedDelivery] {
        try await store.claim(channel: .webhook, destinations: nil, now: time, lease: .seconds(60), limit: limit)
    }

    /// Claims and delivers until nothing is due at `time`; returns the message ids in the order sent.
    @discardableResult
    func deliverAll(at time: Date) async throws -> [String] {
        var sent: [String] = []
        while true {
            let claims = try await claimAll(at: time)
            if claims.isEmpty { return sent }
            for claim in claims {
                #expect(try await store.finish(claim, attempt: report(200, at: time), outcome: .delivered))
                sent.append(claim.delivery.message.id)
            }
        }
    }
}
