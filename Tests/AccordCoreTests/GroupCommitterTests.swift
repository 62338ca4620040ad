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

@Suite struct GroupCommitLoopTests {
    @Test func aLeaderCommitsSeveralBatchesThenHandsOver() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let leaderships = Mutex(0)
        let batches = Mutex<[Int]>([])
        let committer = GroupCommitter(maximumBatch: 8, batchesPerLeadership: 3) { next, deliver in
            leaderships.withLock { $0 += 1 }
            while let events = next() {
                batches.withLock { $0.append(events.count) }
                try await Task.sleep(for: .milliseconds(2))
                deliver(.success(try await store.append(events)))
            }
        }
        let events = (0..<120).map { fixture.event(fixture.newSubject(), ["analytics": .granted], offset: Double($0)) }
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            for event in events { group.addTask { try await committer.submit(event).stored?.event.id == event.id } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(answered == 120)
        #expect(batches.withLock { $0.reduce(0, +) } == 120)
        #expect(batches.withLock { $0.allSatisfy { $0 <= 8 } })
        let perLeadership = Double(batches.withLock { $0.count }) / Double(leaderships.withLock { $0 })
        #expect(perLeadership <= 3)
        #expect(try await StoreAudit.run(store).eventCount == 120)
    }

    @Test func aLoopThatFailsBeforeTakingAnythingFailsOnlyItsLeader() async throws {
        struct Unreachable: Error {}
        let fixture = try await ContractFixture.make(in: InMemoryConsentStore())
        let failFirst = Mutex(true)
        let committer = GroupCommitter(maximumBatch: 8, batchesPerLeadership: 2) { next, deliver in
            if failFirst.withLock({ flag in
                defer { flag = false }; return flag
            }) {
                throw Unreachable()
            }
            while let events = next() { deliver(.success(try await fixture.store.append(events))) }
        }
        await #expect(throws: Unreachable.self) {
            try await committer.submit(fixture.event(fixture.newSubject(), ["analytics": .granted]))
        }
        #expect(try await committer.submit(fixture.event(fixture.newSubject(), ["analytics": .granted])).stored != nil)
    }
}
