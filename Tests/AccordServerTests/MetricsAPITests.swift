import AccordCore
import Configuration
import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AccordServer

@Suite struct MetricsAPITests {
    func scrape(_ client: some TestClientProtocol, key: String) async throws -> PrometheusText {
        try await client.execute(uri: "/metrics", method: .get, headers: bearer(key)) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return try PrometheusText(String(buffer: response.body))
        }
    }

    @Test func metricsNeedTheMetricsScopeOrAdmin() async throws {
        let test = try await TestApplication.make()
        let reader = try await test.key([.metricsRead])
        let consents = try await test.key([.consentsRead, .consentsWrite])
        try await test.application.test(.router) { client in
            #expect(try await client.send(.get, "/metrics").status == .unauthorized)
            let refused = try await client.send(.get, "/metrics", headers: bearer(consents))
            #expect(refused.status == .forbidden)
            #expect(refused.body.error?["message"] as? String == "the API key lacks the scope metrics:read")
            _ = try await scrape(client, key: reader)
            _ = try await scrape(client, key: test.adminKey)
            // The metrics key opens nothing else.
            #expect(try await client.send(.get, "/v1/admin/properties", headers: bearer(reader)).status == .forbidden)
        }
    }

    @Test func requestsAreCountedByRoutePatternAndStatusWithoutIdsInLabels() async throws {
        let test = try await TestApplication.make()
        let key = try await test.key([.metricsRead])
        let subject = visitor(4242)
        try await test.application.test(.router) { client in
            for _ in 0..<2 {
                let written = try await client.send(
                    .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(subject)","choices":{"analytics":"granted"}}"#,
                    headers: localOrigin)
                #expect(written.status == .created)
            }
            #expect(try await client.send(.get, "/v1/properties/demo/visitors/\(subject)/events", headers: localOrigin).status == .ok)
            #expect(try await client.send(.get, "/v1/properties/nowhere/experience").status == .notFound)
            #expect(try await client.send(.get, "/no/such/route/\(subject)").status == .notFound)
            let metrics = try await scrape(client, key: key)
            let consents = "/v1/properties/{property}/consents"
            #expect(metrics.value("accord_http_requests_total", ["method": "POST", "route": consents, "status": "201"]) == 2)
            #expect(metrics.value("accord_http_requests_total", ["route": "/v1/properties/{property}/experience", "status": "404"]) == 1)
            // Paths no route matches all count under Hummingbird's one pattern for them.
            #expect(metrics.value("accord_http_requests_total", ["route": "NotFound", "status": "404"]) == 1)
            #expect(metrics.types["accord_http_request_duration_seconds"] == "histogram")
            #expect(metrics.value("accord_http_request_duration_seconds_count", ["method": "POST", "route": consents]) == 2)
            #expect(metrics.value("accord_http_request_duration_seconds_bucket", ["method": "POST", "route": consents, "le": "+Inf"]) == 2)
            // No path parameter, subject or visitor id ever becomes a label value.
            let values = metrics.samples.flatMap(\.labels.values)
            #expect(!values.contains { $0.contains(subject) || $0.contains("nowhere") || $0.contains("/no/such") })
            // Two writes, committed in one or two batches; every batch is timed.
            #expect(metrics.value("accord_commit_batch_size_sum") == 2)
            let batches = try #require(metrics.value("accord_commit_batch_size_count"))
            #expect((1...2).contains(batches))
            #expect(metrics.value("accord_commit_duration_seconds_count") == batches)
            #expect(metrics.value("accord_build_info", ["version": AccordBuild.version]) == 1)
        }
    }

    @Test func storeFailuresThatReachAnAnswerAreCounted() async throws {
        let metrics = ServerMetrics()
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        router.get("/down") { _, _ -> String in throw StoreError.unavailable("connection refused") }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/down", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
        let text = try PrometheusText(metrics.exposition())
        #expect(text.value("accord_store_errors_total", ["kind": "unavailable"]) == 1)
        #expect(text.value("accord_http_requests_total", ["route": "/down", "status": "503"]) == 1)
    }

    @Test func theMetricsPortServesMetricsWithoutAKeyAndNothingElse() async throws {
        let metrics = ServerMetrics()
        metrics.outbox.backlog([.webhook: 3])
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        let application = buildMetricsApplication(metrics: metrics, host: "127.0.0.1", port: 0, logger: logger)
        try await application.test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = try PrometheusText(String(buffer: response.body))
                #expect(text.value("accord_outbox_backlog", ["channel": "webhook"]) == 3)
                #expect(text.value("accord_build_info") == 1)
            }
            try await client.execute(uri: "/v1/admin/properties", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func metricsPortLogFormatAndCheckpointIntervalAreRead() {
        func settings(_ values: [String: ConfigContent]) -> ServerSettings {
            var all: [AbsoluteConfigKey: ConfigValue] = [:]
            for (key, value) in values {
                all[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(value, isSecret: false)
            }
            return ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: all)))
        }
        let defaults = settings([:])
        #expect(defaults.metricsPort == nil)
        #expect(defaults.logFormat == .text)
        #expect(defaults.checkpointInterval == .seconds(3600))
        let set = settings(["metrics.port": .int(9464), "log.format": .string("json"), "audit.checkpointInterval": .int(0)])
        #expect(set.metricsPort == 9464)
        #expect(set.logFormat == .json)
        #expect(set.checkpointInterval == nil)
        #expect(set.problems.isEmpty)
        let bad = settings(["metrics.port": .int(8080), "log.format": .string("xml"), "audit.checkpointInterval": .int(-1)])
        #expect(
            bad.problems == [
                "log.format: expected text or json, not 'xml'", "metrics.port must differ from http.port",
                "audit.checkpointInterval: expected seconds (0 turns checkpoints off), not -1",
            ])
    }
}
