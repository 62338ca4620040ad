import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Sends the queued e-mails: claims due jobs, hands each to the dispatcher, and on a temporary failure (server
/// unreachable, 4xx, timeout) schedules another attempt with exponential backoff and full jitter, from 5 s up
/// to an hour between tries, for about 72 hours; then it gives the job up with an error line. A job claimed by
/// an instance that dies is claimed again after its lease, so a restart loses nothing. Log lines name the job,
/// its kind and the failure's step and code, never an address or a subject.
public struct MailDeliveryService: Service {
    let jobs: any MailJobs
    let dispatcher: MailDispatcher
    let logger: Logger
    let now: @Sendable () -> Date
    let pause: @Sendable (Duration) async throws -> Void
    let pollInterval: Duration

    /// How long a job is retried before it is given up.
    static let giveUpAfter: TimeInterval = 72 * 3600

    init(
        jobs: any MailJobs, dispatcher: MailDispatcher, logger: Logger, now: @escaping @Sendable () -> Date = { Date() },
        pause: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        pollInterval: Duration = .seconds(2)
    ) {
        self.jobs = jobs
        self.dispatcher = dispatcher
        self.logger = logger
        self.now = now
        self.pause = pause
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await runOnce() == 0 {
                    try await pause(pollInterval)
                }
            }
        }
    }

    /// One round: every due job attempted once. Returns how many were attempted.
    @discardableResult
    func runOnce() async -> Int {
        let claimed: [MailJob]
        do {
            claimed = try await jobs.claimMailJobs(limit: 32, now: now())
        } catch {
            logger.warning("mail queue unavailable: \(error)")
            return 0
        }
        for job in claimed { await attempt(job) }
        return claimed.count
    }

    private func attempt(_ job: MailJob) async {
        let label = "mail \(job.id) (\(job.request.kind.rawValue), property \(job.request.property))"
        do {
            switch try await dispatcher.deliver(job.request, messageID: "\(job.id)@accord") {
            case .sent:
                logger.info("\(label) sent")
            case .dropped(let reason):
                logger.info("\(label) not sent: \(reason)")
            }
            try await jobs.finishMailJob(job.id)
        } catch let error as MailDeliveryError where error.isTemporary {
            await retry(job, label: label, reason: error.description)
        } catch let error as MailDeliveryError {
            logger.error("\(label) given up: \(error)")
            try? await jobs.finishMailJob(job.id)
        } catch {
            // The store or the vault failed: the job stays queued and is tried again.
            await retry(job, label: label, reason: "\(error)")
        }
    }

    private func retry(_ job: MailJob, label: String, reason: String) async {
        let time = now()
        guard time.timeIntervalSince(job.queuedAt) < Self.giveUpAfter else {
            logger.error("\(label) given up after \(job.attempts + 1) attempts: \(reason)")
            try? await jobs.finishMailJob(job.id)
            return
        }
        let delay = Self.backoff(attempt: job.attempts)
        logger.warning("\(label) failed (attempt \(job.attempts + 1)): \(reason); next attempt in \(Int(delay)) s")
        do {
            try await jobs.retryMailJob(job.id, at: time.addingTimeInterval(delay))
        } catch {
            logger.warning("\(label) could not be rescheduled (\(error)); its lease expires and it is claimed again")
        }
    }

    /// Full jitter: uniform between 5 s and the exponential cap (5 s · 2^attempt, at most an hour).
    static func backoff(attempt: Int) -> TimeInterval {
        let cap = min(3600, 5 * pow(2, Double(min(attempt, 20))))
        return Double.random(in: 5...max(5, cap))
    }
}
