import AccordCore
import Hummingbird
import Logging
import NIOCore

/// `GET /metrics`: the Prometheus text exposition of `ServerMetrics`. On the main port for a key with `metrics:read`
/// (or `admin`); without a key on `metrics.port`, which should be reachable by the scraper only.
struct MetricsController {
    let metrics: ServerMetrics

    func register<Context: RequestContext>(on router: some RouterMethods<Context>) {
        router.get("/metrics") { _, _ in await answer() }
    }

    func answer() async -> Response {
        await metrics.refresh()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
}

/// The application on `metrics.port`: `GET /metrics` and nothing else, without a key.
func buildMetricsApplication(metrics: ServerMetrics, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
    let router = Router()
    MetricsController(metrics: metrics).register(on: router)
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Accord metrics"), logger: logger)
}
