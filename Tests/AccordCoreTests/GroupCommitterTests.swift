import AccordCore
import AccordStoreTesting
import Foundation
import Synchronization
import Testing

@Suite struct GroupCommitterTests {
    @Test func concurrentSubmissionsShareCommitsAndEachGetsItsOwnAnswer() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let batchSizes = Mutex<[Int]>([])
        let committer = GroupCommitter(maximumBatch: 64) { events in
            batchSizes.withLock { $0.append(events.count) }
            try await Task.sleep(for: .milliseconds(5))  // a commit takes time, as an fsync does
            return try await store.append(events)
        }
        let events = (0..<200).map { fixture.event(fixture.newSubject(), ["analytics": .granted], offset: Double($0)) }
        let answered = try await withThrowingTaskGroup(of: (EventID, EventID?).self) { group in
            for event in events {
                group.addTask { (event.id, try await committer.submit(event).stored?.event.id) }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(answered.count == 200)
        #expect(answered.allSatisfy { $0.key == $0.value })
        let sizes = batchSizes.withLock { $0 }
        #expect(sizes.reduce(0, +) == 200)
        #expect(sizes.count < 200, "concurrent submissions should have been batched")
        #expect(sizes.allSatisfy { $0 <= 64 })
    }

    @Test func failedCommitFailsItsEventsAndTheNextCommitWorks() async throws {
        struct DiskFull: Error {}
        let fixture = try await ContractFixture.make(in: InMemoryConsentStore())
        let failNext = Mutex(true)
        let committer = GroupCommitter { events in
            if failNext.withLock({ flag in
                defer { flag = false }; return flag
            }) {
                throw DiskFull()
            }
            return try await fixture.store.append(events)
        }
        await #expect(throws: DiskFull.self) {
            try await committer.submit(fixture.event(fixture.newSubject(), ["analytics": .granted]))
        }
        let result = try await committer.submit(fixture.event(fixture.newSubject(), ["analytics": .granted]))
        #expect(result.stored != nil)
    }
}
