import AccordCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers webhook messages from the outbox, at least once: signs and POSTs each (Standard Webhooks) and records
/// the outcome with its retry time.
///
/// One worker per active endpoint: it claims up to `batch` due deliveries of its endpoint, sends them
/// concurrently, records the outcomes in one transaction, and goes on while there is work; so a slow endpoint
/// holds only its own worker. The store keeps per (endpoint, subject) order: a later message is not claimed
/// while an earlier one is pending. Claims are leases, so several instances share the work, and a crashed
/// instance's sends come back after the lease.
public struct WebhookDeliveryService: Service {
    let store: any Outbox & WebhookEndpointStore
    let sender: WebhookSender
    let clock: any ServiceClock
    let logger: Logger
    /// How long the loop waits before looking for endpoints with work again, in clock seconds.
    let pollInterval: TimeInterval
    /// Deliveries one worker claims and sends at once.
    let batch: Int
    /// When workers give way to consent writes that keep the writer busy; nil never.
    let yield: DeliveryYield?

    /// A service sending through `sender`, looking for work every `pollInterval` clock seconds, its workers
    /// waiting for busy consent writes as `yield` says.
    public init(
        store: any Outbox & WebhookEndpointStore, sender: WebhookSender, clock: any ServiceClock, logger: Logger,
        pollInterval: TimeInterval = 1, batch: Int = 32, yield: DeliveryYield? = nil
    ) {
        self.yield = yield
        self.store = store
        self.sender = sender
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.batch = batch
    }

    public func run() async throws {
        let working = Working()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    for endpoint in try await store.webhookEndpoints(withStatus: [.active]) where working.start(endpoint.id) {
                        group.addTask {
                            await work(endpoint)
                            working.stop(endpoint.id)
                        }
                    }
                } catch {
                    logger.warning("webhook delivery: cannot list endpoints", metadata: ["error": "\(String(describing: type(of: error)))"])
                }
                do { try await clock.sleep(for: .milliseconds(Int64(pollInterval * 1000))) } catch { break }
            }
        }
        await sender.shutdown()
    }

    /// Sends the endpoint's due deliveries, batch after batch, until none is due (or the service stops). The
    /// endpoint is read again before each batch, so a pause, a new URL or a rotated secret applies to the next one.
    func work(_ listed: WebhookEndpoint) async {
        // The deliveries claimed with the last batch's outcomes, when it was full (a backlog).
        var carried: [ClaimedDelivery]?
        var progress = DeliveryYield.Progress()
        while !Task.isCancelled {
            // Consent writes keep the writer busy: wait (at most `yield.maximum` in all, then catch up).
            if carried == nil, let yield, progress.shouldWait(yield, utilisation: yield.load.utilisation()) {
                try? await Task.sleep(for: yield.step)
                continue
            }
            let claims: [ClaimedDelivery]
            let endpoint: WebhookEndpoint
            do {
                // Claims carried over from a paused or stopped endpoint are not sent: their leases lapse and
                // they are claimed again after a resume, in order.
                guard let current = try await store.webhookEndpoint(listed.id, of: listed.property), current.status == .active else { return }
                endpoint = current
                if let taken = carried {
                    claims = taken
                } else {
                    claims = try await store.claim(
                        channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: sender.lease(for: clock), limit: batch)
                }
                carried = nil
            } catch {
                logger.warning("webhook delivery: cannot claim work", metadata: ["endpoint": "\(listed.id)"])
                return
            }
            if claims.isEmpty { return }
            if claims.count < batch { progress.backlogOut() }
            let route = await sender.route(to: endpoint, at: clock.now)
            let attempts = await withTaskGroup(of: WebhookSender.Attempt.self) { group in
                for claim in claims {
                    group.addTask { await sender.attempt(claim, to: endpoint, route: route, clock: clock, logger: logger) }
                }
                var attempts: [WebhookSender.Attempt] = []
                for await attempt in group { attempts.append(attempt) }
                return attempts
            }
            let stops = attempts.contains { $0.endpointStatus != nil }
            // A full batch with the endpoint still up: more are likely due, so the outcomes and the next claim go
            // in one transaction (on SQLite one turn of the writer the consent writes wait for, not two); unless
            // the worker is to wait for the writes first.
            let waits = yield.map { progress.wouldWait($0, utilisation: $0.load.utilisation()) } ?? false
            carried = await sender.record(
                attempts, endpoint: endpoint, store: store, clock: clock, logger: logger,
                claimingNext: claims.count == batch && !stops && !waits ? batch : nil)
            // An endpoint that stopped (failing, disabled) or changed is picked up again by the loop, as it is now.
            if stops { return }
            // Messages trickling in: let a few gather, so a claim and its record (two write transactions) carry
            // several, instead of competing with the consent writes for the database one message at a time. On
            // SQLite every such transaction takes the one writer from the consent writes: under load, 200 ms and
            // batches of 32 cut them about fourfold against 50 ms and 16, for at most 200 ms more latency.
            if claims.count < batch { try? await Task.sleep(for: .milliseconds(200)) }
        }
    }
}

/// The endpoints that have a worker, shared by the loop and the workers.
final class Working: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// Marks the endpoint as worked on; false when it already is.
    func start(_ id: String) -> Bool { ids.withLock { $0.insert(id).inserted } }
    /// Its worker ended.
    func stop(_ id: String) { _ = ids.withLock { $0.remove(id) } }
}
