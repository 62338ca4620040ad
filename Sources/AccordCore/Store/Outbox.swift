import Foundation

/// The durable outbox: messages written in the transaction that caused them (the consent log and the
/// configuration store add theirs inside their own writes), then claimed and delivered at least once by a sender
/// service per channel.
///
/// Claims are leases: a claimed delivery is not handed to anyone else until its lease lapses, so instances
/// sharing one database never send the same delivery at once, and a crashed sender's work comes back. A
/// delivery is claimable only while no earlier message (by `sequence`) about the same subject to the same
/// destination is still pending: per (destination, subject) order, while other subjects go on.
public protocol Outbox: Sendable {
    /// Stores messages and one pending delivery per destination, due at once, in one transaction. For messages
    /// no other write causes (a webhook test, an e-mail); entries without destinations are not stored.
    func enqueue(_ entries: [OutboxEntry]) async throws

    /// Claims up to `limit` deliveries of `channel` that are pending, due at `now`, not leased, and first in line
    /// for their (destination, subject), oldest message first, leasing each until `now + lease`. With
    /// `destinations`, only deliveries to those (the sender passes the destinations it may send to now).
    func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int) async throws
        -> [ClaimedDelivery]

    /// Ends a claim: records `attempt` (when one was made) and moves the delivery to `outcome`. False, with
    /// nothing written, when the lease is no longer this claim's (it lapsed and someone else took it).
    func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) async throws -> Bool

    /// Ends several claims in one transaction, as `finish` each would; one answer per result, in order.
    func finish(_ results: [DeliveryResult]) async throws -> [Bool]

    /// Ends several claims as `finish(_:)` does, then claims as `claim` does, in one transaction where the store
    /// has them: a sender with a backlog pays one write per batch instead of two (on SQLite, one turn of the one
    /// writer the consent writes wait for). The claim sees the outcomes just recorded (a delivered message lets
    /// its subject's next one through).
    func finishAndClaim(
        _ results: [DeliveryResult], channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int
    ) async throws -> (kept: [Bool], claims: [ClaimedDelivery])

    /// Makes every delivery to `destination` whose message was created at or after `since` pending again, due at
    /// `now`, with its attempts counted from zero: a replay with the same message ids. Returns how many.
    func requeue(destination: String, since: Date, now: Date) async throws -> Int

    /// Removes the pending deliveries to `destination` (it was deleted). Returns how many.
    func discard(destination: String) async throws -> Int

    /// Deliveries to `destination` in message order, strictly after message sequence `after`.
    func deliveries(to destination: String, after sequence: Int64?, limit: Int) async throws -> [OutboxDelivery]

    /// Attempts made to `destination`, newest first, strictly older than attempt sequence `before`.
    func attempts(to destination: String, before sequence: Int64?, limit: Int) async throws -> [DeliveryAttempt]
}

extension Outbox {
    /// `Outbox.finishAndClaim` as two transactions, for stores where one costs no more than the other.
    public func finishAndClaim(
        _ results: [DeliveryResult], channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int
    ) async throws -> (kept: [Bool], claims: [ClaimedDelivery]) {
        let kept = try await finish(results)
        return (kept, try await claim(channel: channel, destinations: destinations, now: now, lease: lease, limit: limit))
    }
}
