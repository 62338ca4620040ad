import AccordCore
import CoreMetrics
import Foundation
import Metrics

/// The outbox's figures in `ServerMetrics` (all channels: webhook and mail):
/// - `accord_outbox_backlog{channel}`: deliveries still to send (queued, including those waiting for a retry), read
///   from the database at each scrape (`OutboxBacklog`), so it is right for every instance and after a restart;
/// - `accord_outbox_deliveries_total{channel,outcome}`: recorded attempts by outcome, `delivered`, `failed` (to be
///   retried) or `dead` (dead-lettered after the last attempt);
/// - `accord_outbox_delivery_failures_total{channel}`: attempts that did not deliver (`failed` plus `dead`);
/// - `accord_outbox_delivery_duration_seconds{channel}`: each attempt's latency (histogram).
///
/// The senders report an attempt once the store has kept its outcome (`finished`), whatever the row layout.
public struct OutboxMetrics: Sendable {
    let factory: any MetricsFactory

    /// An attempt whose outcome the store kept.
    public func finished(_ channel: OutboxChannel, _ result: DeliveryResult) {
        let outcome =
            switch result.outcome {
            case .delivered: "delivered"
            case .retry: "failed"
            case .dead: "dead"
            }
        let byChannel = [("channel", channel.rawValue)]
        CoreMetrics.Counter(label: "accord_outbox_deliveries_total", dimensions: byChannel + [("outcome", outcome)], factory: factory)
            .increment()
        if result.outcome != .delivered {
            CoreMetrics.Counter(label: "accord_outbox_delivery_failures_total", dimensions: byChannel, factory: factory).increment()
        }
        if let attempt = result.attempt {
            CoreMetrics.Timer(label: "accord_outbox_delivery_duration_seconds", dimensions: byChannel, factory: factory)
                .record(duration: .milliseconds(attempt.latencyMilliseconds))
        }
    }

    /// The pending deliveries by channel; a channel without any reads 0.
    public func backlog(_ counts: [OutboxChannel: Int]) {
        for channel in OutboxChannel.allCases {
            CoreMetrics.Gauge(label: "accord_outbox_backlog", dimensions: [("channel", channel.rawValue)], factory: factory)
                .record(counts[channel] ?? 0)
        }
    }
}

extension ServerMetrics {
    /// The outbox's metrics, for the delivery services.
    public var outbox: OutboxMetrics { OutboxMetrics(factory: factory) }

    /// Reads the outbox backlog from `store` before every scrape.
    public func watchOutbox(of store: any OutboxBacklog) {
        beforeScrape { [outbox] in
            // A store that cannot answer leaves the last figure; the failure shows in `accord_store_errors_total`
            // on the routes that need the store.
            if let counts = try? await store.outboxBacklog() { outbox.backlog(counts) }
        }
    }
}
