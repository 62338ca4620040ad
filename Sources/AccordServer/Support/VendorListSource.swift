import AccordCore
import Synchronization

/// The vendor list in force for a property: its own, else the one read from `tcf.gvlPath` at start.
///
/// Lists are kept parsed for a few seconds, as properties are: the IAB's list is about 1.5 MB, and every
/// TC string the banner asks for needs it. A replacement made here is seen at once (`invalidate`), one
/// made on another instance within `lifetime`.
final class VendorListSource: Sendable {
    private struct Entry {
        var list: GlobalVendorList?
        var fetchedAt: ContinuousClock.Instant
    }

    private let store: any ConsentStore
    private let fallback: GlobalVendorList?
    private let lifetime: Duration
    private let entries = Mutex<[PropertyID: Entry]>([:])

    init(store: any ConsentStore, fallback: GlobalVendorList?, lifetime: Duration = .seconds(5)) {
        self.store = store
        self.fallback = fallback
        self.lifetime = lifetime
    }

    func list(for property: PropertyID) async throws -> GlobalVendorList? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[property] }), now - entry.fetchedAt < lifetime { return entry.list ?? fallback }
        let own = try await store.gvl(of: property)
        entries.withLock { entries in
            if entries.count > 1_000 { entries.removeAll() }
            entries[property] = Entry(list: own, fetchedAt: now)
        }
        return own ?? fallback
    }

    /// Forgets a property's list so the next request reads it afresh (after a change here).
    func invalidate(_ property: PropertyID) {
        _ = entries.withLock { $0.removeValue(forKey: property) }
    }
}
