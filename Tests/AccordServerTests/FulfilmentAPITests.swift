import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A request's run across connected systems through the admin API, with a connector whose database is down at
/// first: the request stays open showing the error, is not retried before its backoff, then completes.
@Suite struct FulfilmentAPITests {
    static let dataset =
        #"{"collections":{"customers":{"primaryKey":"id","identities":{"email":"email"},"fields":{"email":{"categories":["identifiers"]}}}}}"#

    /// Fails while `down` is set, else answers fixed counts; counts its calls.
    final class FlakyRunner: ConnectorRunner {
        let down = Mutex(true)
        let calls = Mutex<[String]>([])

        func run(kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode)
            async throws -> ConnectorOutcome
        {
            calls.withLock { $0.append("\(mode.rawValue) \(identities["email"] ?? "")") }
            if down.withLock({ $0 }) { throw ConnectorError.unreachable("the PostgreSQL database cannot be reached or read") }
            var outcome = ConnectorOutcome()
            outcome.rows = ConnectorRowCounts(found: 2, deleted: 1, masked: 0, kept: 1)
            outcome.retained = [RetainedRows(collection: "orders", rows: 1, exemption: .legalObligation, note: "tax")]
            return outcome
        }
    }

    /// The system clock moved by `offset`.
    struct ShiftedClock: ServiceClock {
        let offset: TimeInterval
        var now: Date { Date().addingTimeInterval(offset) }
        func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
    }

    @Test func aFailingSystemKeepsTheRequestOpenAndIsRetriedAfterItsBackoff() async throws {
        let settings = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        var services = try await AccordServices.bootstrap(
            store: InMemoryConsentStore(), settings: settings, rootKey: try RootKey(material: Array(repeating: 7, count: 32)))
        let runner = FlakyRunner()
        services.connectorRunner = runner
        let built = services
        let test = TestApplication(services: built, adminKey: built.createdAdminKey!)
        let admin = bearer(test.adminKey)
        let requests = "/v1/admin/properties/demo/requests"
        try await test.application.test(.router) { client in
            let system = #"{"connector":{"kind":"postgres","connection":"postgres://shop@db.example/shop","dataset":\#(Self.dataset)}}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/systems/shop", json: system, headers: admin).status == .created)
            let made = try await client.send(
                .post, requests, json: #"{"type":"deletion","email":"Ann@Example.com","jurisdiction":"US-CA"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)

            let early = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
            #expect(early.status == .conflict && early.body.errorCode == "request_not_verified")
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
            let started = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
            #expect(started.status == .accepted && started.body["status"] as? String == "inProgress")

            func fulfilment() async throws -> [String: Any] {
                try await client.send(.get, "\(requests)/\(id)", headers: admin).body["fulfilment"] as? [String: Any] ?? [:]
            }
            var progress: [String: Any] = [:]
            for _ in 0..<200 {
                progress = try await fulfilment()
                if progress["status"] as? String == "failed" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let failed = try #require((progress["systems"] as? [[String: Any]])?.first)
            #expect(progress["status"] as? String == "failed")
            #expect(failed["error"] as? String == "the PostgreSQL database cannot be reached or read" && failed["attempts"] as? Int == 1)
            #expect(try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "inProgress")
            #expect(runner.calls.withLock { $0 } == ["erase Ann@example.com"], "the requester's address, as given")

            // Before the backoff (30 s) nothing runs; after it the system is tried again and the request completes.
            runner.down.withLock { $0 = false }
            let service = built.fulfilmentService(clock: ShiftedClock(offset: 0), logger: ContactAPITests.quiet)
            _ = try await service.runOnce()
            #expect(runner.calls.withLock { $0.count } == 1)
            let later = built.fulfilmentService(clock: ShiftedClock(offset: 31), logger: ContactAPITests.quiet)
            #expect(try await later.runOnce() == 1)
            let done = try await client.send(.get, "\(requests)/\(id)", headers: admin)
            #expect(done.body["status"] as? String == "completed")
            let system0 = try #require(((done.body["fulfilment"] as? [String: Any])?["systems"] as? [[String: Any]])?.first)
            #expect(system0["status"] as? String == "done")
            #expect(system0["rows"] as? [String: Int] == ["found": 2, "deleted": 1, "masked": 0, "kept": 1])
            let actions = (done.body["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.filter { $0.hasPrefix("request.system") } == ["request.systemFailed", "request.systemAnswered"])

            let evidence = try await client.send(.get, "\(requests)/\(id)/evidence", headers: admin)
            let jws = try #require(evidence.body["jws"] as? String)
            let payload = try #require(jws.split(separator: ".").dropFirst().first.flatMap { Base64URL.decode(String($0)) })
            let signed = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
            #expect((signed["steps"] as? [Any])?.count == (evidence.body["evidence"] as? [String: Any])?["steps"].map { ($0 as? [Any])?.count ?? -1 })
            #expect(String(decoding: payload, as: UTF8.self).contains(#""retained":"[{\"collection\":\"orders\""#))
            #expect(!String(decoding: payload, as: UTF8.self).lowercased().contains("ann@example.com"))

            let again = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
            #expect(again.status == .conflict, "a completed request is not run again")
            let package = try await client.send(.get, "\(requests)/\(id)/package", headers: admin)
            #expect(package.status == .conflict && package.body.errorCode == "transition_forbidden", "no package for a deletion")
        }
    }
}
