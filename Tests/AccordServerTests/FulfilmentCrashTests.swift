import AccordConnectors
import AccordCore
import Configuration
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import AccordServer

/// A crash between a system's commit and its audit entry (issue 14 §3): the erasure's outcome was recorded under
/// the run's claim before the system committed, so the resumed run, which finds the rows gone, records the true
/// counts rather than zeros. Accord's store on every backend; the organisation's database a real SQLite file.
@Suite struct FulfilmentCrashTests {
    struct InjectedCrash: Error {}

    static let dataset = """
        {"collections":{\
        "customers":{"primaryKey":"id","identities":{"email":"email"},"onErase":"delete",\
        "fields":{"email":{"categories":["identifiers"]},"name":{"categories":["identifiers"]}}},\
        "orders":{"primaryKey":"id","references":{"customer_id":"customers.id"},"onErase":"delete",\
        "fields":{"total":{"categories":["commercial"]}}}}}
        """

    @Test(arguments: FulfilmentInstancesTests.Backend.allCases)
    func aResumedRunRecordsTheTrueCountsAfterACrashBetweenCommitAndAuditEntry(_ backend: FulfilmentInstancesTests.Backend) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crm-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let crm = try DatabaseQueue(path: path)
        try await crm.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
                    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total INTEGER);
                    INSERT INTO customers VALUES (1, 'jane@x.com', 'Jane'), (2, 'bob@x.com', 'Bob');
                    INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 9);
                    """)
        }
        try crm.close()
        func rows() async throws -> Int {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try await queue.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM orders)") ?? -1
            }
        }

        try await FulfilmentInstancesTests.withStores(backend) { store, _ in
            var services = try await AccordServices.bootstrap(
                store: store, settings: ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:]))),
                rootKey: try RootKey(material: Array(repeating: 7, count: 32)))
            services.connectorRunner = SQLConnectorRunner()
            let built = services
            let test = TestApplication(services: built, adminKey: try #require(built.createdAdminKey))
            let admin = bearer(test.adminKey)
            let id = try await test.application.test(.router) { client in
                let system = #"{"connector":{"kind":"sqlite","connection":"sqlite://\#(path)","dataset":\#(Self.dataset)}}"#
                #expect(try await client.send(.put, "/v1/admin/properties/demo/systems/crm", json: system, headers: admin).status == .created)
                let made = try await client.send(
                    .post, "/v1/admin/properties/demo/requests", json: #"{"type":"deletion","email":"jane@x.com","jurisdiction":"US-CA"}"#,
                    headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(
                    .post, "/v1/admin/properties/demo/requests/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                return id
            }
            var crashing = built.connectorFulfilment(now: { Date() }, logger: ContactAPITests.quiet)
            crashing.afterCommit = { _ in throw InjectedCrash() }
            let started = try await crashing.start(id, in: "demo", actor: "test")
            let faulty = crashing
            await #expect(throws: InjectedCrash.self) { try await faulty.advance(started) }
            #expect(try await rows() == 2, "the system's commit happened: only Bob and his order are left")
            let answered = { (store: any ConsentStore) in
                try await store.requestTimeline(id, in: "demo").map(\.entry).filter { $0.action == RequestAudit.Action.systemAnswered.rawValue }
            }
            #expect(try await answered(store).isEmpty, "no answer was recorded before the crash")

            // The resumed run (the service's next pass) finds the rows gone and records what the first attempt did.
            #expect(try await built.fulfilmentService(clock: SystemServiceClock(), logger: ContactAPITests.quiet).runOnce() == 1)
            #expect(try await store.request(id, in: "demo")?.status == .completed)
            let answers = try await answered(store)
            #expect(answers.count == 1)
            let detail = try #require(answers.first?.after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) })
            #expect(detail["found"] == "3" && detail["deleted"] == "3" && detail["masked"] == "0", "\(detail)")
            #expect(try await store.stepOutcome(run: "demo/\(id)", step: "crm") == nil, "the prepared outcome is removed once answered")
        }
    }
}
