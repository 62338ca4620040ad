import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import Testing

@Suite struct SQLiteBackupTests {
    @Test func aBackupTakenDuringWritesHoldsEveryEarlierEventAndAudits() async throws {
        let database = TemporaryDatabase()
        let copy = TemporaryDatabase()
        defer {
            database.remove()
            copy.remove()
        }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let before = (0..<20).map { _ in fixture.event(fixture.newSubject(), ["analytics": .granted]) }
        _ = try await store.append(before)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Writers keep committing while the backup runs.
            group.addTask {
                for _ in 0..<50 { _ = try await store.append([fixture.event(fixture.newSubject(), ["marketing": .denied])]) }
            }
            try await store.backup(to: copy.path)
            try await group.waitForAll()
        }
        let backup = try SQLiteConsentStore(path: copy.path)
        #expect(try await StoreAudit.run(backup).isClean)
        let ids = Set(try await backup.eventsInChainOrder(after: nil, limit: 10_000).map(\.event.id))
        #expect(ids.isSuperset(of: before.map(\.id)))
        #expect(!FileManager.default.fileExists(atPath: copy.path + ".partial"))
    }

    @Test func restoreReplacesTheWholeDatabaseWithTheBackup() async throws {
        let database = TemporaryDatabase()
        let copy = TemporaryDatabase()
        defer {
            database.remove()
            copy.remove()
        }
        let store = try await database.open()
        let fixture = try await ContractFixture.make(in: store)
        let kept = fixture.event(fixture.newSubject(), ["analytics": .granted])
        _ = try await store.append([kept])
        try await store.backup(to: copy.path)
        let later = fixture.event(fixture.newSubject(), ["analytics": .denied])
        _ = try await store.append([later])
        try await store.restore(from: copy.path)
        let ids = try await store.eventsInChainOrder(after: nil, limit: 100).map(\.event.id)
        #expect(ids == [kept.id])
        #expect(try await StoreAudit.run(store).isClean)
        // Not open in any other process: only this one holds it.
        #expect(!SQLiteLiveness.isOpenElsewhere(path: database.path))
    }

    @Test func aFileThatIsNoAccordDatabaseIsNotRestored() async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        let store = try await database.open()
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("not-accord-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: other) }
        try await TemporaryDatabase.plainSQLite(at: other)
        await #expect(throws: StoreError.corrupt("\(other) is not an Accord database")) { try await store.restore(from: other) }
    }
}
