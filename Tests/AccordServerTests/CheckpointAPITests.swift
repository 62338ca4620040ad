import AccordCore
import AccordStoreTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AccordServer

@Suite struct CheckpointAPITests {
    let checkpoints = "/v1/properties/demo/checkpoints"

    @Test func signedCheckpointsArePublicAndVerifyWithTheReceiptKeys() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let written = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(visitor(1))","choices":{"analytics":"granted"}}"#,
                headers: localOrigin)
            #expect(written.status == .created)
            // The service checkpointed the seeded configuration at start; the write's chain is not in it yet.
            let before = try await client.send(.get, checkpoints)
            #expect(before.status == .ok)
            #expect((before.body["checkpoints"] as? [[String: Any]])?.allSatisfy { $0["chain"] as? String == "config/demo" } == true)
            try await Checkpointing.run(store: test.services.store, signer: test.services.signer, at: Date())
            try await client.execute(uri: checkpoints, method: .get, headers: localOrigin) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "http://localhost:3000")
                let saved = Data(String(buffer: response.body).utf8)
                let verified = try CheckpointDocument.verifiedCheckpoints(in: saved, keys: test.services.recorder.publicKeys)
                let heads = try await test.services.store.chainHeads().filter { Checkpoint.property(ofChain: $0.chain) == "demo" }
                #expect(verified.map(\.chain) == heads.map(\.chain).sorted())
                #expect(verified.contains { $0.chain == "config/demo" })
                #expect(try await CheckpointAudit.run(verified, against: test.services.store) == nil)
            }
            #expect(try await client.send(.get, "/v1/properties/nowhere/checkpoints").status == .notFound)
            let foreign = try await client.send(.get, checkpoints, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
        }
    }

    @Test func theServiceSignsAtStartAndAgainEachInterval() async throws {
        let store = InMemoryConsentStore()
        let test = try await TestApplication.make(store: store)
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        let service = CheckpointService(
            store: store, signer: test.services.signer, interval: .milliseconds(20), clock: ContinuousClock(), now: { Date() },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            #expect(try await eventually { try await store.latestCheckpoints(of: "demo").contains { $0.checkpoint.chain == "config/demo" } })
            // A change after the first round is checkpointed by a later one.
            let fixture = try await ContractFixture.make(in: store)
            _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])
            #expect(try await eventually { try await store.latestCheckpoints(of: fixture.property.id).count == 1 })
            group.cancelAll()
        }
    }

    /// Polls `condition` for up to 10 s: the service runs on its own schedule.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<1000 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
