import Synchronization

/// Values kept for a while, by typed key: the one cache behind the property catalog, API keys, policy versions,
/// vendor lists and the recorder. Time comes from an injected clock, so tests move it instead of sleeping.
///
/// Loads are not deduplicated: two requests missing the same key at once both read the store, which is
/// cheaper than making every hit wait on a lock held across an `await`.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var storedAt: ContinuousClock.Instant
    }

    /// How long an entry serves; nil for values that never change once stored (published policy versions).
    public let lifetime: Duration?
    /// Past this many entries the cache starts afresh: a bound on memory against a flood of distinct keys.
    public let capacity: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[Key: Entry]>([:])

    /// A cache whose entries serve for `lifetime` (nil: for ever), at most `capacity` of them, timed by `now`.
    public init(
        lifetime: Duration?, capacity: Int = 10_000,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    /// The cached value, or `load`'s, which is then kept.
    public func value(for key: Key, load: () async throws -> Value) async rethrows -> Value {
        if let cached = cached(key) { return cached }
        let value = try await load()
        store(value, for: key)
        return value
    }

    /// The value while it is fresh.
    public func cached(_ key: Key) -> Value? {
        let time = now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if let lifetime, time - entry.storedAt >= lifetime { return nil }
            return entry.value
        }
    }

    /// The value kept for `key`, fresh or not: for caches that compare a reload with what they had.
    public func stale(_ key: Key) -> Value? {
        entries.withLock { $0[key]?.value }
    }

    /// Keeps `value` for `key`, fresh from now; a new key arriving at `capacity` first empties the cache.
    public func store(_ value: Value, for key: Key) {
        let time = now()
        entries.withLock { entries in
            if entries.count >= capacity && entries[key] == nil { entries.removeAll() }
            entries[key] = Entry(value: value, storedAt: time)
        }
    }

    /// Makes the next read load afresh; `stale` still answers until then.
    public func expire(_ key: Key) {
        entries.withLock { entries in
            guard var entry = entries[key], let lifetime else {
                entries[key] = nil
                return
            }
            entry.storedAt = now() - lifetime
            entries[key] = entry
        }
    }
}
