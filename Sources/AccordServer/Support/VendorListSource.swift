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
        var fetchedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [PropertyID: Entry] = [:]
        var nextRevision = 1
    }

    private let store: any ConsentStore
    private let fallback: GlobalVendorList?
    private let lifetime: Duration
    private let state = Mutex(State())

    init(store: any ConsentStore, fallback: GlobalVendorList?, lifetime: Duration = .seconds(5)) {
        self.store = store
        self.fallback = fallback
        self.lifetime = lifetime
    }

    func list(for property: PropertyID) async throws -> GlobalVendorList? {
        try await revision(for: property)?.list
    }

    func revision(for property: PropertyID) async throws -> Revision? {
        let now = ContinuousClock.now
        let cached = state.withLock { $0.entries[property] }
        let entry: Entry
        if let cached, now - cached.fetchedAt < lifetime {
            entry = cached
        } else {
            let own = try await store.gvl(of: property)
            entry = state.withLock { state in
                if state.entries.count > 1_000 { state.entries.removeAll() }
                // Comparing once per reload is cheap next to rebuilding what is made from the list.
                let previous = state.entries[property]
                var revision = previous?.revision ?? 0
                if previous == nil || previous?.own != own {
                    revision = state.nextRevision
                    state.nextRevision += 1
                }
                let entry = Entry(own: own, revision: revision, fetchedAt: now)
                state.entries[property] = entry
                return entry
            }
        }
        if let own = entry.own { return Revision(list: own, revision: entry.revision) }
        // The configured file never changes while the process runs.
        return fallback.map { Revision(list: $0, revision: 0) }
    }

    /// Makes the next request read the property's list afresh (after a change here); its revision moves on
    /// if the list did.
    func invalidate(_ property: PropertyID) {
        state.withLock { state in
            guard var entry = state.entries[property] else { return }
            entry.fetchedAt = .now - lifetime
            state.entries[property] = entry
        }
    }
}
