import AccordCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers webhook messages from the outbox, at least once: claims due deliveries for active endpoints,
/// signs and POSTs each (Standard Webhooks), and records the outcome with its retry time.
///
/// Sends run concurrently, at most `perEndpoint` at a time for one endpoint and `inFlight` in all, and the loop
/// claims more while earlier sends are still out, so a slow endpoint holds only its own slots. The store keeps
/// per (endpoint, subject) order: a later message is not claimed while an earlier one is pending. Claims are
/// leases, so several instances share the work, and a crashed instance's sends come back after the lease.
public struct WebhookDeliveryService: Service {
    let store: any Outbox & WebhookEndpointStore
    let sender: WebhookSender
    let clock: any ServiceClock
    let logger: Logger
    /// How long an idle loop waits before looking again, in clock seconds.
    let pollInterval: TimeInterval
    let inFlight: Int
    let perEndpoint: Int

    /// A service sending through `sender`, polling every `pollInterval` clock seconds when idle.
    public init(
        store: any Outbox & WebhookEndpointStore, sender: WebhookSender, clock: any ServiceClock, logger: Logger,
        pollInterval: TimeInterval = 1, inFlight: Int = 32, perEndpoint: Int = 4
    ) {
        self.store = store
        self.sender = sender
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.inFlight = inFlight
        self.perEndpoint = perEndpoint
    }

    public func run() async throws {
        let busy = InFlight()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                var claimed = 0
                do {
                    claimed = try await claimAndStart(into: &group, busy: busy)
                } catch {
                    logger.warning("webhook delivery: cannot claim work", metadata: ["error": "\(String(describing: type(of: error)))"])
                }
                if claimed == 0 {
                    do { try await clock.sleep(for: pollInterval) } catch { break }
                }
            }
        }
        await sender.shutdown()
    }

    /// One claim round: the active endpoints with free slots, their due deliveries, each sent in its own task.
    private func claimAndStart(into group: inout DiscardingTaskGroup, busy: InFlight) async throws -> Int {
        let endpoints = try await store.webhookEndpoints(withStatus: [.active])
        let counts = busy.counts.withLock { $0 }
        let total = counts.values.reduce(0, +)
        let open = endpoints.filter { counts[$0.id, default: 0] < perEndpoint }
        guard total < inFlight, !open.isEmpty else { return 0 }
        let byID = Dictionary(uniqueKeysWithValues: open.map { ($0.id, $0) })
        let claims = try await store.claim(
            channel: .webhook, destinations: open.map(\.id), now: clock.now(), lease: sender.lease(for: clock),
            limit: inFlight - total)
        var started = 0
        for claim in claims {
            guard let endpoint = byID[claim.delivery.destination] else { continue }
            let allowed = busy.counts.withLock { busy in
                guard busy[endpoint.id, default: 0] < perEndpoint else { return false }
                busy[endpoint.id, default: 0] += 1
                return true
            }
            guard allowed else {
                // Over this endpoint's share for now: hand it back untouched.
                _ = try? await store.finish(claim, attempt: nil, outcome: .retry(at: claim.delivery.nextAttemptAt))
                continue
            }
            started += 1
            group.addTask {
                await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: logger)
                busy.counts.withLock { $0[endpoint.id, default: 1] -= 1 }
            }
        }
        return started
    }
}

/// The sends in flight per endpoint, shared by the claim loop and the send tasks.
final class InFlight: Sendable {
    let counts = Mutex<[String: Int]>([:])
}
