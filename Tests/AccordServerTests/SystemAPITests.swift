import AccordCore
import AccordSQLite
import AccordServer
import Configuration
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SystemAPITests {
    @Test func healthReadyAndKeys() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            #expect(try await client.send(.get, "/health").body["status"] as? String == "ok")
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(ready.body["database"] as? String == "ok")
            let jwks = try await client.send(.get, "/.well-known/jwks.json")
            let keys = try #require(jwks.body["keys"] as? [[String: Any]])
            #expect(keys.first?["kty"] as? String == "OKP")
            #expect(keys.first?["kid"] as? String == test.services.recorder.publicKeys.keys.first?.kid)
        }
    }

    @Test func secondStartReusesSecretsAndCreatesNoAdminKey() async throws {
        let store = InMemoryConsentStore()
        let first = try await TestApplication.make(store: store)
        let second = try await AccordServices.bootstrap(store: store, settings: first.services.settings)
        #expect(second.createdAdminKey == nil)
        #expect(second.recorder.publicKeys == first.services.recorder.publicKeys)
        #expect(try await store.properties().map(\.id) == [DemoProperty.id])
    }

    /// Over a real socket and a real SQLite file, as a deployment runs.
    @Test func liveServerOnSQLiteRecordsDurably() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-live-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let test = try await TestApplication.make(store: try SQLiteConsentStore(path: path), settings: ["http.port": .int(0)])
        try await test.application.test(.live) { client in
            let response = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(visitorNine)","choices":{"analytics":"granted"}}"#,
                headers: localOrigin)
            #expect(response.status == .created)
        }
        let reopened = try SQLiteConsentStore(path: path)
        let report = try await StoreAudit.run(reopened)
        #expect(report.eventCount == 1)
        #expect(report.isClean)
    }
}
