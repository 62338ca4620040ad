import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import Testing

@Suite struct SQLiteDurabilityTests {
    @Test func eventsAndSecretsSurviveReopening() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let fixture: ContractFixture
        let subject: SubjectKey
        do {
            let store = try await database.open()
            fixture = try await ContractFixture.make(in: store)
            subject = fixture.newSubject()
            _ = try await store.append([fixture.event(subject, ["marketing": .denied])])
            _ = try await store.secret(named: "k") { [4, 2] }
        }
        let reopened = try await database.open()
        #expect(try await reopened.events(of: subject, in: fixture.property.id, before: nil, limit: 5).count == 1)
        #expect(try await reopened.secret(named: "k") { [0] } == [4, 2])
        #expect(try await reopened.property(fixture.property.id) == fixture.property)
    }

    @Test func concurrentRecordingThroughGroupCommitKeepsEveryEventAndTheChains() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let recorder = ConsentRecorder(
            store: store, pseudonymizer: SubjectPseudonymizer(secret: [1, 2, 3]),
            signer: try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey()), issuer: "test")
        let ids = try await withThrowingTaskGroup(of: EventID.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let request = ConsentRequest(
                        subject: "subject-\(index % 50)", choices: ["analytics": index.isMultiple(of: 2) ? "granted" : "denied"],
                        idempotencyKey: "key-\(index)")
                    return try await recorder.record(
                        request, in: fixture.property, client: ClientContext(), authentication: .apiKey(prefix: "acc_test00")
                    ).stored.event.id
                }
            }
            return try await group.reduce(into: Set<EventID>()) { $0.insert($1) }
        }
        #expect(ids.count == 300)
        let report = try await StoreAudit.run(store)
        #expect(report.eventCount == 300)
        #expect(report.isClean)
    }

    @Test func unopenableFileIsReportedAsAStoreError() async throws {
        #expect(throws: StoreError.self) { try SQLiteConsentStore(path: "/nonexistent-dir/x/accord.sqlite") }
    }
}
