import AccordCore
import AccordPostgres
import AccordSQLite
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Synchronization
import Testing

/// Two Accord instances on one database (issue 14 §3): both run the fulfilment service's passes at once over the
/// same requests, and every system's step still runs once, with one audit entry per step, because each run is
/// claimed (`FulfilmentClaims`; `FOR UPDATE SKIP LOCKED` on PostgreSQL).
@Suite struct FulfilmentInstancesTests {
    /// Answers fixed counts after a short wait (so two instances' passes overlap); counts calls per system and person.
    final class CountingRunner: ConnectorRunner {
        let calls = Mutex<[String: Int]>([:])

        func run(kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode)
            async throws -> ConnectorOutcome
        {
            calls.withLock { $0["\(connection) \(identities["email"] ?? "")", default: 0] += 1 }
            try await Task.sleep(for: .milliseconds(30))
            var outcome = ConnectorOutcome()
            outcome.rows = ConnectorRowCounts(found: 3, deleted: 2, masked: 1, kept: 0)
            return outcome
        }
    }

    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }
    }

    static let postgresURL = ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let postgresRequired = ProcessInfo.processInfo.environment["ACCORD_REQUIRE_POSTGRES"] == "1"

    @Test(arguments: Backend.allCases)
    func twoInstancesRunEverySystemStepOnceWithOneAuditEntryEach(_ backend: Backend) async throws {
        try await Self.withStores(backend) { first, second in try await Self.check(first, second) }
    }

    /// Runs `body` with two stores on one database of `backend` (one shared store in memory); PostgreSQL in a
    /// schema of its own, dropped afterwards, and only when `ACCORD_TEST_POSTGRES_URL` is set.
    static func withStores(_ backend: Backend, _ body: (any ConsentStore, any ConsentStore) async throws -> Void) async throws {
        switch backend {
        case .memory:
            let store = InMemoryConsentStore()
            try await body(store, store)
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("instances-\(UUID().uuidString).sqlite").path
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            try await body(try SQLiteConsentStore(path: path), try SQLiteConsentStore(path: path))
        case .postgres:
            guard let url = postgresURL else {
                if postgresRequired { Issue.record("ACCORD_REQUIRE_POSTGRES=1 but ACCORD_TEST_POSTGRES_URL is not set") }
                return
            }
            var logger = Logger(label: "accord.test")
            logger.logLevel = .error
            var settings = try PostgresConnectionSettings(url: url, poolSize: 4)
            settings.operationTimeout = .seconds(30)
            let schema = "accord_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
            let admin = PostgresConsentStore(settings: settings, logger: logger)
            try await admin.withRunningClient {
                _ = try await admin.client.query("CREATE SCHEMA \(unescaped: schema)").collect()
                let first = PostgresConsentStore(settings: settings, searchPath: schema, logger: logger)
                let second = PostgresConsentStore(settings: settings, searchPath: schema, logger: logger)
                do {
                    try await first.withRunningClient { try await second.withRunningClient { try await body(first, second) } }
                } catch {
                    _ = try? await admin.client.query("DROP SCHEMA \(unescaped: schema) CASCADE").collect()
                    throw error
                }
                _ = try await admin.client.query("DROP SCHEMA \(unescaped: schema) CASCADE").collect()
            }
        }
    }

    /// Three systems, four deletion requests started on the first instance; then both instances' services pass at
    /// once until every request completed.
    static func check(_ first: any ConsentStore, _ second: any ConsentStore) async throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: [:]))
        let root = try RootKey(material: Array(repeating: 7, count: 32))
        var one = try await AccordServices.bootstrap(store: first, settings: ServerSettings(reader: reader), rootKey: root)
        var two = try await AccordServices.bootstrap(store: second, settings: ServerSettings(reader: reader), rootKey: root)
        let runner = CountingRunner()
        one.connectorRunner = runner
        two.connectorRunner = runner
        let (instanceOne, instanceTwo) = (one, two)
        let test = TestApplication(services: instanceOne, adminKey: try #require(instanceOne.createdAdminKey))
        let admin = bearer(test.adminKey)
        let requests = "/v1/admin/properties/demo/requests"
        let dataset = FulfilmentAPITests.dataset
        let ids = try await test.application.test(.router) { client in
            var ids: [String] = []
            for name in ["shop", "crm", "support"] {
                let system = #"{"connector":{"kind":"postgres","connection":"postgres://db.example/\#(name)","dataset":\#(dataset)}}"#
                #expect(try await client.send(.put, "/v1/admin/properties/demo/systems/\(name)", json: system, headers: admin).status == .created)
            }
            for index in 0..<4 {
                let made = try await client.send(
                    .post, requests, json: #"{"type":"deletion","email":"person\#(index)@example.com","jurisdiction":"US-CA"}"#,
                    headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                // The API's immediate run is a third contender.
                #expect(try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin).status == .accepted)
                ids.append(id)
            }
            return ids
        }
        let services = [
            instanceOne.fulfilmentService(clock: SystemServiceClock(), logger: ContactAPITests.quiet),
            instanceTwo.fulfilmentService(clock: SystemServiceClock(), logger: ContactAPITests.quiet),
        ]
        for _ in 0..<100 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in services { group.addTask { _ = try await service.runOnce() } }
                try await group.waitForAll()
            }
            var open = 0
            for id in ids where try await first.request(id, in: "demo")?.status != .completed { open += 1 }
            if open == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        for (index, id) in ids.enumerated() {
            #expect(try await first.request(id, in: "demo")?.status == .completed)
            let answers = try await first.requestTimeline(id, in: "demo").map(\.entry).filter {
                $0.action == RequestAudit.Action.systemAnswered.rawValue
            }
            #expect(answers.count == 3, "one audit entry per system step")
            for name in ["shop", "crm", "support"] {
                #expect(runner.calls.withLock { $0["postgres://db.example/\(name) person\(index)@example.com"] } == 1, "\(name) ran once")
            }
        }
    }
}
