import AccordCore
import Synchronization
import Testing

/// The one cache: time is moved by the test, never slept.
@Suite struct ExpiringCacheTests {
    final class TestClock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        var now: @Sendable () -> ContinuousClock.Instant { { self.instant.withLock { $0 } } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    final class Counter: Sendable {
        let count = Mutex(0)
        func next() -> Int {
            count.withLock {
                $0 += 1; return $0
            }
        }
    }

    @Test func valueServesUntilItsLifetimeThenReloads() async throws {
        let clock = TestClock()
        let loads = Counter()
        let cache = ExpiringCache<String, Int>(lifetime: .seconds(5), now: clock.now)
        #expect(await cache.value(for: "a") { loads.next() } == 1)
        clock.advance(.seconds(4))
        #expect(await cache.value(for: "a") { loads.next() } == 1)
        clock.advance(.seconds(1))
        #expect(await cache.value(for: "a") { loads.next() } == 2)
        #expect(cache.cached("b") == nil)
    }

    @Test func expiredEntryStaysReadableAsStaleUntilReplaced() async {
        let clock = TestClock()
        let cache = ExpiringCache<Int, String>(lifetime: .seconds(5), now: clock.now)
        cache.store("old", for: 1)
        cache.expire(1)
        #expect(cache.cached(1) == nil)
        #expect(cache.stale(1) == "old")
        #expect(await cache.value(for: 1) { "new" } == "new")
    }

    @Test func foreverEntriesNeverExpireAndCapacityBoundsMemory() async {
        let clock = TestClock()
        let cache = ExpiringCache<Int, Int>(lifetime: nil, capacity: 3, now: clock.now)
        for key in 0..<3 { cache.store(key * 10, for: key) }
        clock.advance(.seconds(86_400 * 365))
        #expect(cache.cached(2) == 20)
        cache.store(30, for: 3)
        #expect(cache.cached(0) == nil && cache.cached(3) == 30)
    }

    @Test func failedLoadStoresNothing() async {
        struct Failure: Error {}
        let cache = ExpiringCache<Int, Int>(lifetime: .seconds(5))
        await #expect(throws: Failure.self) { try await cache.value(for: 1) { throw Failure() } }
        #expect(cache.cached(1) == nil)
    }
}
