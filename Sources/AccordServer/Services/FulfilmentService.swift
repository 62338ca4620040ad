import AccordCore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps requests' runs across connected systems going (issue 14 §3): at start (so a run cut by a crash resumes)
/// and then every `interval`, every `inProgress` request whose timeline shows a run not done is advanced: pending
/// systems run, failed ones again after their backoff, and the request completes once all answered. Each run is
/// claimed first (`FulfilmentClaims`), so several instances on one database, and the API's immediate run, never
/// run one system's step twice.
public struct FulfilmentService: Service {
    let fulfilment: ConnectorFulfilment
    /// Destroys the packages of expired links on each pass.
    let packages: RequestPackages
    let store: any RequestStore
    let clock: any ServiceClock
    let interval: Duration
    let logger: Logger

    /// One pass; the number of requests advanced (by this instance: a run another holds is skipped). Expired
    /// package links lose their packages first.
    @discardableResult
    public func runOnce() async throws -> Int {
        _ = try await packages.sweep()
        var after: String?
        var advanced = 0
        while true {
            let page = try await store.openRequests(after: after, limit: 200)
            for request in page where request.status == .inProgress {
                if try await fulfilment.advance(request) { advanced += 1 }
            }
            guard let last = page.last, page.count == 200 else { return advanced }
            after = last.id
        }
    }

    public func run() async throws {
        try await PeriodicService(
            pass: { try await runOnce() }, clock: clock, interval: interval, logger: logger, didWork: "request fulfilments advanced",
            countKey: "accord.requests", failed: "fulfilment pass failed"
        ).run()
    }
}
