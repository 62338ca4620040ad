import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Records the `consent.expiring` and `consent.expired` notices (`ExpirySweep`) every `interval` on its clock,
/// until a graceful shutdown. A failed pass is logged and tried again at the next tick: nothing is lost, since
/// the next pass sees every notice still due.
public struct ExpirySweeper: Service {
    private let sweep: ExpirySweep
    private let clock: any ServiceClock
    private let interval: Duration
    private let logger: Logger
    /// Where re-consent reminders go; nil when e-mail is off.
    private let reminders: (any MailQueue)?

    /// A sweeper over `store`, a pass every `interval` of `clock`.
    public init(
        store: any ExpiryQueue & ConsentLog & ConfigurationStore, clock: any ServiceClock = ScaledClock(),
        interval: Duration = .seconds(60), reminders: (any MailQueue)? = nil, logger: Logger
    ) {
        self.reminders = reminders
        self.sweep = ExpirySweep(store: store)
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    /// One pass at the clock's time, then a re-consent reminder queued for each `expiring` notice it stored. The
    /// delivery sends it only to a confirmed contact in the vault, and sends nothing for a subject without one.
    ///
    /// The reminder is queued after the notice's own commit, not in its transaction: a crash between the two
    /// loses that reminder (the notice and its webhook stay). Queuing it in the append transaction needs the
    /// store to know whether e-mail is on; see the closing note of issue 12.
    @discardableResult
    public func sweepOnce() async throws -> ExpirySweep.Report {
        let report = try await sweep.run(at: clock.now)
        if let reminders {
            for notice in report.storedExpiring {
                try await reminders.enqueue(
                    MailRequest(
                        kind: .reconsentReminder, property: notice.property, subject: notice.subject,
                        purposes: notice.expiresAt.keys.sorted(), expiresAt: notice.expiresAt.values.min()))
            }
        }
        return report
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await sweepOnce()
                    if report.expiring + report.expired > 0 {
                        logger.info(
                            "expiry notices recorded",
                            metadata: ["accord.expiring": "\(report.expiring)", "accord.expired": "\(report.expired)"])
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("expiry sweep failed", metadata: ["accord.error": "\(error)"])
                }
                do {
                    try await clock.sleep(for: interval)
                } catch {
                    return
                }
            }
        }
    }
}
