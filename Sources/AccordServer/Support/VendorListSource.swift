import AccordCore
import Synchronization

/// The vendor list in force for a property: its own, else the one read from `tcf.gvlPath` at start.
///
/// Lists are kept parsed for a few seconds, as properties are: the IAB's list is about 1.5 MB, and every
/// TC string the banner asks for needs it. A replacement made here is seen at once (`invalidate`), one
/// made on another instance within `lifetime`.
final class VendorListSource: Sendable {
    /// A list with a number that changes whenever the list does, for caches of what is made from it (a
    /// list's own version number is no such thing: an admin may upload an edited list under the same one).
    struct Revision: Sendable {
        var list: GlobalVendorList
        var revision: Int
    }

    private struct Entry {
        var own: GlobalVendorList?
        var revision: Int
    }

    private let store: any ConfigurationStore
    private let fallback: GlobalVendorList?
    private let entries: ExpiringCache<PropertyID, Entry>
    private let nextRevision = Mutex(1)

    init(
        store: any ConfigurationStore, fallback: GlobalVendorList?, lifetime: Duration = .seconds(5),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.store = store
        self.fallback = fallback
        self.entries = ExpiringCache(lifetime: lifetime, capacity: 1_000, now: now)
    }

    func list(for property: PropertyID) async throws -> GlobalVendorList? {
        try await revision(for: property)?.list
    }

    func revision(for property: PropertyID) async throws -> Revision? {
        let entry = try await entries.value(for: property) {
            let own = try await store.gvl(of: property)
            // Comparing once per reload is cheap next to rebuilding what is made from the list.
            if let previous = entries.stale(property), previous.own == own { return previous }
            return Entry(
                own: own,
                revision: nextRevision.withLock { next in
                    defer { next += 1 }
                    return next
                })
        }
        if let own = entry.own { return Revision(list: own, revision: entry.revision) }
        // The configured file never changes while the process runs.
        return fallback.map { Revision(list: $0, revision: 0) }
    }

    /// Makes the next request read the property's list afresh (after a change here); its revision moves on
    /// if the list did.
    func invalidate(_ property: PropertyID) {
        entries.expire(property)
    }
}
