import AccordCore
import AccordSQLite
import AccordStoreTesting
import Foundation
import Synchronization
import Testing

/// A micro benchmark of the hot write path, run only with `ACCORD_TIMING=1`: 20,000 events appended in batches of 64
/// through `appendBatches` (the loop group commit drives), half of them with idempotency keys as the SDK sends them.
/// It prints the time and asserts nothing; compare runs on the same machine.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ACCORD_TIMING"] == "1"))
struct SQLiteAppendTiming {
    @Test func append20000EventsInBatchesOf64() async throws {
        for durability in [SQLiteConsentStore.Durability.normal, .full] {
            let database = TemporaryDatabase()
            defer { database.remove() }
            let store = try SQLiteConsentStore(path: database.path, durability: durability)
            try await store.migrate()
            let fixture = try await ContractFixture.make(in: store)
            let events = (0..<20_000).map { index in
                fixture.event(
                    fixture.newSubject(), ["analytics": index.isMultiple(of: 3) ? .denied : .granted], offset: Double(index) / 1000,
                    idempotencyKey: index.isMultiple(of: 2) ? "timing-\(index)" : nil)
            }
            let batches = stride(from: 0, to: events.count, by: 64).map { Array(events[$0..<min($0 + 64, events.count)]) }
            let remaining = BatchQueue(batches)
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                try await store.appendBatches(next: { remaining.next() }, deliver: { result in _ = try? result.get() })
            }
            #expect(try await store.events(of: events[0].subject, in: fixture.property.id, before: nil, limit: 1).count == 1)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "SQLite append timing (synchronous=\(durability.rawValue)): 20000 events in batches of 64: "
                    + String(format: "%.3f s, %.0f events/s", seconds, 20_000 / seconds))
        }
    }
}

/// Hands out batches one at a time to the commit loop.
private final class BatchQueue: Sendable {
    private let batches: Mutex<[[ConsentEvent]]>

    init(_ batches: [[ConsentEvent]]) { self.batches = Mutex(batches.reversed()) }

    func next() -> [ConsentEvent]? { batches.withLock { $0.popLast() } }
}
