import Foundation

/// The outbox as plain values: what `InMemoryConsentStore` keeps under its lock, so messages written with a
/// consent append share its transaction. Also the reference the durable stores' SQL follows.
struct InMemoryOutboxTables: Sendable {
    struct Row: Sendable {
        var delivery: OutboxDelivery
        var lease: OutboxLease?
    }

    private var sequence: Int64 = 0
    private var attemptSequence: Int64 = 0
    /// Keyed by message sequence, then destination.
    private var rows: [Int64: [String: Row]] = [:]
    private var ids = Set<String>()
    private var attemptLog: [DeliveryAttempt] = []
    /// The last `SubjectSequence` per property and subject (hex, empty for messages about no subject).
    private var subjectSequences: [String: Int64] = [:]

    mutating func enqueue(_ entries: [OutboxEntry]) {
        for entry in entries where !entry.destinations.isEmpty {
            // Ids are unique (the durable stores' constraint refuses a second one); a duplicate is not stored twice.
            guard ids.insert(entry.message.id).inserted else { continue }
            sequence += 1
            var message = entry.message
            message.sequence = sequence
            let counter = message.property.rawValue + "/" + (message.subject?.hex ?? "")
            message.subjectSequence = SubjectSequence.next(after: subjectSequences[counter], at: message.createdAt)
            subjectSequences[counter] = message.subjectSequence
            for destination in entry.destinations {
                rows[sequence, default: [:]][destination] = Row(
                    delivery: OutboxDelivery(
                        message: message, destination: destination, status: .pending, attempts: 0,
                        nextAttemptAt: message.createdAt),
                    lease: nil)
            }
        }
    }

    private var ordered: [Row] {
        rows.keys.sorted().flatMap { key in rows[key]!.keys.sorted().map { rows[key]![$0]! } }
    }

    /// `OutboxBacklog`: pending deliveries by channel.
    func backlog() -> [OutboxChannel: Int] {
        var counts: [OutboxChannel: Int] = [:]
        for row in rows.values.lazy.flatMap(\.values) where row.delivery.status == .pending {
            counts[row.delivery.message.channel, default: 0] += 1
        }
        return counts
    }

    mutating func claim(channel: OutboxChannel, destinations: [String]?, now: Date, lease: Duration, limit: Int) -> [ClaimedDelivery] {
        let allowed = destinations.map(Set.init)
        var blocked = Set<String>()
        var claimed: [ClaimedDelivery] = []
        for row in ordered where row.delivery.message.channel == channel && row.delivery.status == .pending {
            let delivery = row.delivery
            let line = delivery.destination + "/" + (delivery.message.subject?.hex ?? "")
            // The first pending delivery of each (destination, subject) is the only one that may go.
            guard blocked.insert(line).inserted else { continue }
            guard claimed.count < limit, allowed?.contains(delivery.destination) ?? true, delivery.nextAttemptAt <= now,
                row.lease.map({ $0.until <= now }) ?? true
            else { continue }
            let granted = OutboxLease(token: UUID().uuidString, until: now.addingTimeInterval(lease.timeInterval))
            rows[delivery.message.sequence]![delivery.destination]!.lease = granted
            claimed.append(ClaimedDelivery(delivery: delivery, lease: granted))
        }
        return claimed
    }

    mutating func finish(_ claim: ClaimedDelivery, attempt: AttemptReport?, outcome: DeliveryOutcome) -> Bool {
        let key = claim.delivery.message.sequence
        let destination = claim.delivery.destination
        guard var row = rows[key]?[destination], row.lease == claim.lease, row.delivery.status == .pending else { return false }
        row.lease = nil
        var next: Date?
        switch outcome {
        case .delivered: row.delivery.status = .delivered
        case .dead: row.delivery.status = .dead
        case .retry(let at):
            next = at.truncatedToMilliseconds
            row.delivery.nextAttemptAt = at.truncatedToMilliseconds
        }
        if let attempt {
            row.delivery.attempts += 1
            row.delivery.lastStatusCode = attempt.statusCode
            row.delivery.lastError = attempt.error
            row.delivery.firstAttemptAt = row.delivery.firstAttemptAt ?? attempt.at
            attemptSequence += 1
            attemptLog.append(
                DeliveryAttempt(
                    sequence: attemptSequence, messageID: row.delivery.message.id, type: row.delivery.message.type,
                    destination: destination, number: row.delivery.attempts, report: attempt, nextAttemptAt: next))
        }
        rows[key]![destination] = row
        return true
    }

    mutating func requeue(destination: String, since: Date, now: Date) -> Int {
        var count = 0
        for key in rows.keys {
            guard var row = rows[key]?[destination], row.delivery.message.createdAt >= since.truncatedToMilliseconds else { continue }
            row.delivery.status = .pending
            row.delivery.attempts = 0
            row.delivery.firstAttemptAt = nil
            row.delivery.nextAttemptAt = now.truncatedToMilliseconds
            rows[key]![destination] = row
            count += 1
        }
        return count
    }

    mutating func discard(destination: String) -> Int {
        var count = 0
        for key in rows.keys where rows[key]?[destination]?.delivery.status == .pending {
            rows[key]![destination] = nil
            count += 1
        }
        return count
    }

    func deliveries(to destination: String, after sequence: Int64?, limit: Int) -> [OutboxDelivery] {
        Array(
            rows.keys.sorted().lazy.filter { $0 > (sequence ?? 0) }.compactMap { self.rows[$0]![destination]?.delivery }
                .prefix(limit))
    }

    func attempts(to destination: String, before sequence: Int64?, limit: Int) -> [DeliveryAttempt] {
        Array(
            attemptLog.reversed().lazy.filter { $0.destination == destination && $0.sequence < (sequence ?? .max) }
                .prefix(limit))
    }

    /// `StateTransfer`: pending and dead deliveries by message sequence, then destination.
    func undelivered(after cursor: OutboxCursor?, limit: Int) -> [OutboxDelivery] {
        let after = cursor.map { ($0.sequence, $0.destination) } ?? (0, "")
        return Array(
            ordered.lazy.map(\.delivery).filter { $0.status != .delivered && ($0.message.sequence, $0.destination) > after }.prefix(limit))
    }

    /// `StateTransfer`: stores each delivery with its message's own sequence; later messages continue after it.
    mutating func importUndelivered(_ deliveries: [OutboxDelivery]) {
        for delivery in deliveries {
            let key = delivery.message.sequence
            ids.insert(delivery.message.id)
            rows[key, default: [:]][delivery.destination] = Row(delivery: delivery, lease: nil)
            sequence = max(sequence, key)
            let message = delivery.message
            let counter = message.property.rawValue + "/" + (message.subject?.hex ?? "")
            subjectSequences[counter] = max(subjectSequences[counter] ?? 0, message.subjectSequence)
        }
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    public var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
