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

    /// A sweeper over `store`, a pass every `interval` of `clock`; with `reminders` (e-mail is on), each `expiring`
    /// notice writes its re-consent reminder e-mail in its own transaction.
    public init(
        store: any ExpiryQueue & ConsentLog & ConfigurationStore, clock: any ServiceClock = ScaledClock(),
        interval: Duration = .seconds(60), reminders: Bool = false, logger: Logger
    ) {
        self.sweep = ExpirySweep(store: store, reminders: reminders)
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    /// One pass at the clock's time. Each `expiring` notice's reminder is written with the notice; the delivery
    /// sends it only to a confirmed contact in the vault, and sends nothing for a subject without one.
    @discardableResult
    public func sweepOnce() async throws -> ExpirySweep.Report {
        try await sweep.run(at: clock.now)
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
