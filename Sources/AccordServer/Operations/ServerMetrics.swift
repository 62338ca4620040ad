import AccordCore
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// The server's metrics, kept in a Prometheus registry of its own (not the process-wide `MetricsSystem`), so every
/// application, each test's included, counts only its own traffic. Served as text by `GET /metrics`.
///
/// Names (all prefixed `accord_`):
/// - `http_requests_total{method,route,status}`: answers, by route pattern (never the concrete path, which carries ids;
///   paths no route matches count as `NotFound`).
/// - `http_request_duration_seconds{method,route}`: latency histogram.
/// - `commit_batch_size`: events per group-commit transaction (histogram); `commit_duration_seconds`: how long each
///   took, fsync included (histogram); `commit_failures_total`: batches whose transaction failed.
/// - `store_errors_total{kind}`: store failures that reached an answer (`unavailable`, `corrupt`, ...).
/// - `build_info{version,swift}`: always 1.
/// - The outbox's backlog, outcomes and delivery latency: see `OutboxMetrics`.
public final class ServerMetrics: Sendable {
    /// The registry `GET /metrics` prints.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory onto `registry`: `CoreMetrics.Counter(label:dimensions:factory:)` and the like register here.
    public let factory: any MetricsFactory

    /// How busy group commit keeps the writer, fed by `commitObserver`; webhook delivery reads it (`DeliveryYield`).
    public let writeLoad = WriteLoad()

    private let batchSize: CoreMetrics.Recorder
    private let commitDuration: CoreMetrics.Timer
    private let commitFailures: CoreMetrics.Counter

    /// A fresh registry with the build information set.
    public init(version: String = AccordBuild.version) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        factory.valueHistogramBuckets["accord_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        self.registry = registry
        self.factory = factory
        self.batchSize = CoreMetrics.Recorder(label: "accord_commit_batch_size", dimensions: [], aggregate: true, factory: factory)
        self.commitDuration = CoreMetrics.Timer(label: "accord_commit_duration_seconds", dimensions: [], factory: factory)
        self.commitFailures = CoreMetrics.Counter(label: "accord_commit_failures_total", dimensions: [], factory: factory)
        CoreMetrics.Gauge(label: "accord_build_info", dimensions: [("version", version), ("swift", AccordBuild.swiftVersion)], factory: factory)
            .record(1)
    }

    private struct RequestSeries: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    /// Each series' handles, made once: the registry would find them again on every request, but only after
    /// sanitising the labels and allocating the metric objects.
    private let requestSeries = Mutex<[RequestSeries: (count: CoreMetrics.Counter, latency: CoreMetrics.Timer)]>([:])

    /// One answered request, by method, route pattern and status.
    func request(method: String, route: String, status: Int, duration: Duration) {
        let series = RequestSeries(method: method, route: route, status: status)
        let handles =
            requestSeries.withLock { $0[series] }
            ?? {
                let made = (
                    count: CoreMetrics.Counter(
                        label: "accord_http_requests_total",
                        dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory),
                    latency: CoreMetrics.Timer(
                        label: "accord_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                        factory: factory)
                )
                requestSeries.withLock { $0[series] = made }
                return made
            }()
        handles.count.increment()
        handles.latency.record(duration: duration)
    }

    /// A store failure that reached an answer.
    func storeError(_ error: StoreError) {
        let kind =
            switch error {
            case .unavailable: "unavailable"
            case .corrupt: "corrupt"
            case .concurrentChange: "concurrent_change"
            case .policyVersionExists: "policy_version_exists"
            case .propertyNotFound: "property_not_found"
            }
        CoreMetrics.Counter(label: "accord_store_errors_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// Group commit's report of one batch; pass as the recorder's `commitObserver`.
    public var commitObserver: GroupCommitter.Observer {
        { [batchSize, commitDuration, commitFailures, writeLoad] report in
            writeLoad.record(report.duration)
            batchSize.record(report.size)
            commitDuration.record(duration: report.duration)
            if report.failed { commitFailures.increment() }
        }
    }

    /// Figures read from elsewhere (the database) at each scrape, before `exposition()`.
    private let scrapeHooks = Mutex<[@Sendable () async -> Void]>([])

    /// Runs `hook` before every scrape (`refresh()`).
    public func beforeScrape(_ hook: @escaping @Sendable () async -> Void) { scrapeHooks.withLock { $0.append(hook) } }

    /// Brings the figures read at scrape time up to date.
    public func refresh() async {
        for hook in scrapeHooks.withLock({ $0 }) { await hook() }
    }

    /// Everything in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String { registry.emitToString() }
}

/// What this build is, for `accord_build_info`.
public enum AccordBuild {
    /// The release, as the README's changelog names it.
    public static let version = "0.1.0"
    /// The compiler the binary was built with.
    public static var swiftVersion: String {
        #if compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #else
            "older"
        #endif
    }
}
