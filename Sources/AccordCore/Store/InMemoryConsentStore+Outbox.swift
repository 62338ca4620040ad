import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `Outbox`: stores the messages and their deliveries under the store's lock.
    public func enqueue(_ entries: [OutboxEntry]) async throws {
        contents.withLock { $0.outbox.enqueue(entries) }
    }

    /// `Outbox`: leases the first due deliveries of each (destination, subject) line.
    public func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int) async throws
        -> [ClaimedDelivery]
    {
        contents.withLock { $0.outbox.claim(channel: channel, destinations: destinations, now: now, lease: lease, limit: limit) }
    }

    /// `Outbox`: records the attempt and outcome while the lease is still this claim's.
    public func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) async throws -> Bool {
        contents.withLock { $0.outbox.finish(claim, attempt: attempt, outcome: outcome) }
    }

    /// `Outbox`: ends the claims under one lock.
    public func finish(_ results: [DeliveryResult]) async throws -> [Bool] {
        contents.withLock { contents in
            results.map { contents.outbox.finish($0.claim, attempt: $0.attempt, outcome: $0.outcome) }
        }
    }

    /// `Outbox`: makes the destination's deliveries since `since` pending again.
    public func requeue(destination: String, since: Date, now: Date) async throws -> Int {
        contents.withLock { $0.outbox.requeue(destination: destination, since: since, now: now) }
    }

    /// `Outbox`: drops the destination's pending deliveries.
    public func discard(destination: String) async throws -> Int {
        contents.withLock { $0.outbox.discard(destination: destination) }
    }

    /// `Outbox`: the destination's deliveries in message order.
    public func deliveries(to destination: String, after sequence: Int64?, limit: Int) async throws -> [OutboxDelivery] {
        contents.withLock { $0.outbox.deliveries(to: destination, after: sequence, limit: limit) }
    }

    /// `Outbox`: the destination's attempts, newest first.
    public func attempts(to destination: String, before sequence: Int64?, limit: Int) async throws -> [DeliveryAttempt] {
        contents.withLock { $0.outbox.attempts(to: destination, before: sequence, limit: limit) }
    }
}
