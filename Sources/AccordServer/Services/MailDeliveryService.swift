import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Sends the e-mails queued in the outbox (channel `mail`), at least once: claims due deliveries under a lease
/// (so instances sharing a database never send one twice at once, and a crashed sender's work comes back), hands
/// each to the dispatcher, and on a temporary failure (server unreachable, 4xx, timeout) schedules another attempt
/// by the outbox's `RetrySchedule` (full jitter from 5 s, the last attempt 72 h after the first), then gives it up
/// (dead-lettered) with an error line. Log lines name the message, its kind and the failure's step and code,
/// never an address or a subject. Runs from an injected clock.
public struct MailDeliveryService: Service {
    let outbox: any Outbox
    let dispatcher: MailDispatcher
    let logger: Logger
    let clock: any ServiceClock
    let pollInterval: TimeInterval
    let schedule: RetrySchedule
    /// Where recorded attempts are counted (`OutboxMetrics`); nil counts nothing.
    var metrics: OutboxMetrics?

    init(
        outbox: any Outbox, dispatcher: MailDispatcher, logger: Logger, clock: any ServiceClock = ScaledClock(),
        pollInterval: TimeInterval = 1, schedule: RetrySchedule = .standard
    ) {
        self.outbox = outbox
        self.dispatcher = dispatcher
        self.logger = logger
        self.clock = clock
        self.pollInterval = pollInterval
        self.schedule = schedule
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await runOnce() == 0 {
                    try await clock.sleep(for: .milliseconds(Int64(pollInterval * 1000)))
                }
            }
        }
    }

    /// One round: every due delivery attempted once. Returns how many were attempted.
    @discardableResult
    func runOnce() async -> Int {
        let claimed: [ClaimedDelivery]
        do {
            claimed = try await outbox.claim(
                channel: .mail, destinations: nil, now: clock.now, lease: .seconds(Int64(120 * clock.rate)), limit: 16)
        } catch {
            logger.warning("mail outbox unavailable: \(error)")
            return 0
        }
        for claim in claimed { await attempt(claim) }
        return claimed.count
    }

    private func attempt(_ claim: ClaimedDelivery) async {
        let message = claim.delivery.message
        let label = "mail \(message.id) (\(message.type), property \(message.property))"
        let started = clock.now
        func report(_ error: String?, code: Int? = nil) -> AttemptReport {
            AttemptReport(
                at: started, statusCode: code, error: error,
                latencyMilliseconds: Int64(max(0, clock.now.timeIntervalSince(started)) * 1000 / clock.rate))
        }
        do {
            let request = try MailRequest(json: message.payload)
            switch try await dispatcher.deliver(request, messageID: "\(message.id)@accord") {
            case .sent:
                logger.info("\(label) sent")
                await finish(claim, report(nil, code: 250), .delivered, label)
            case .dropped(let reason):
                logger.info("\(label) not sent: \(reason)")
                await finish(claim, report("not sent: \(reason)"), .dead, label)
            }
        } catch let error as MailDeliveryError where error.isTemporary {
            await retry(claim, report(error.description), label: label, reason: error.description)
        } catch let error as MailDeliveryError {
            logger.error("\(label) given up: \(error)")
            await finish(claim, report(error.description), .dead, label)
        } catch is DecodingError {
            logger.error("\(label) given up: its payload is not a mail request")
            await finish(claim, report("payload unreadable"), .dead, label)
        } catch {
            // The vault or the store failed: try again later.
            await retry(claim, report("\(type(of: error))"), label: label, reason: "\(error)")
        }
    }

    private func retry(_ claim: ClaimedDelivery, _ report: AttemptReport, label: String, reason: String) async {
        let attempt = claim.delivery.attempts + 1
        let now = clock.now
        guard
            let next = schedule.next(
                after: attempt, first: claim.delivery.firstAttemptAt ?? report.at, now: now, jitter: Double.random(in: 0..<1))
        else {
            logger.error("\(label) given up after \(attempt) attempts: \(reason)")
            await finish(claim, report, .dead, label)
            return
        }
        logger.warning(
            "\(label) failed (attempt \(attempt)): \(reason); next attempt in \(Int(next.timeIntervalSince(now).rounded(.up))) s")
        await finish(claim, report, .retry(at: next), label)
    }

    private func finish(_ claim: ClaimedDelivery, _ report: AttemptReport, _ outcome: DeliveryOutcome, _ label: String) async {
        var outcome = outcome
        if case .dead = outcome, let request = try? MailRequest(json: claim.delivery.message.payload) {
            do {
                try await dispatcher.forgetKeptAddress(of: request)
            } catch {
                // The kept address must not stay behind a dead message: it stays pending until it can be shredded.
                logger.warning("\(label): its kept address could not be shredded (\(error)); given up again in 60 s")
                outcome = .retry(at: clock.now.addingTimeInterval(60 * clock.rate))
            }
        }
        do {
            if try await outbox.finish(claim, attempt: report, outcome: outcome) {
                metrics?.finished(.mail, DeliveryResult(claim: claim, attempt: report, outcome: outcome))
            } else {
                logger.warning("\(label): the claim lapsed before the attempt was recorded; another sender has it")
            }
        } catch {
            logger.warning("\(label) could not be recorded (\(error)); its lease lapses and it is tried again")
        }
    }
}
