import Foundation
import Logging
import ServiceLifecycle

/// A pass repeated on an injected clock until graceful shutdown: run `pass`, log how many things it did (when
/// any) or the type of the error it threw (never the error's text, which could name a value), sleep `interval`.
/// The loop of the services that sweep the database on a schedule (request reminders, request runs), so each of
/// them states only its pass and its log words.
public struct PeriodicService: Service {
    /// One pass; the number of things it did.
    let pass: @Sendable () async throws -> Int
    let clock: any ServiceClock
    let interval: Duration
    let logger: Logger
    /// Logged when a pass did something, with `countKey` = how many.
    let didWork: Logger.Message
    let countKey: String
    /// Logged when a pass threw, with the error's type.
    let failed: Logger.Message

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let count = try await pass()
                    if count > 0 { logger.info(didWork, metadata: [countKey: "\(count)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error(failed, metadata: ["accord.error": "\(type(of: error))"])
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
