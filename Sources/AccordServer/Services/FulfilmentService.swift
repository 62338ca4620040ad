import AccordCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps requests' runs across connected systems going (issue 14 §3): at start (so a run cut by a crash resumes)
/// and then every `interval`, every `inProgress` request whose timeline shows a run not done is advanced: pending
/// systems run, failed ones again after their backoff, and the request completes once all answered.
public struct FulfilmentService: Service {
    let fulfilment: ConnectorFulfilment
    let store: any RequestStore
    let clock: any ServiceClock
    let interval: Duration
    let logger: Logger

    /// One pass; the number of requests advanced.
    @discardableResult
    public func runOnce() async throws -> Int {
        var after: String?
        var advanced = 0
        while true {
            let page = try await store.openRequests(after: after, limit: 200)
            for request in page where request.status == .inProgress {
                if try await FulfilmentRuns.exclusive(request.id, { try await fulfilment.advance(request) }) == true { advanced += 1 }
            }
            guard let last = page.last, page.count == 200 else { return advanced }
            after = last.id
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let advanced = try await runOnce()
                    if advanced > 0 { logger.info("request fulfilments advanced", metadata: ["accord.requests": "\(advanced)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("fulfilment pass failed", metadata: ["accord.error": "\(type(of: error))"])
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

/// The requests whose run this process is advancing now, so the API's immediate run and the service's pass never
/// run one system twice at once.
enum FulfilmentRuns {
    private static let running = Mutex<Set<String>>([])

    /// Runs `body` unless `id` is already being advanced here; nil when it was.
    static func exclusive<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T? {
        guard running.withLock({ $0.insert(id).inserted }) else { return nil }
        defer { _ = running.withLock { $0.remove(id) } }
        return try await body()
    }
}
