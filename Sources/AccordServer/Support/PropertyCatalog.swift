import AccordCore
import Synchronization

/// Properties by id, cached for a few seconds: every public request needs its property, and configuration
/// changes are rare. With several instances, a change is seen everywhere within `lifetime`.
final class PropertyCatalog: Sendable {
    private struct Entry {
        var property: Property?
        var fetchedAt: ContinuousClock.Instant
    }

    private let store: any ConsentStore
    private let lifetime: Duration
    private let entries = Mutex<[PropertyID: Entry]>([:])

    init(store: any ConsentStore, lifetime: Duration = .seconds(5)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The property, or a 404 API error naming the id.
    func property(_ rawID: String) async throws -> Property {
        let id = PropertyID(rawValue: rawID)
        guard id.isWellFormed else { throw APIError.propertyNotFound(rawID) }
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[id] }), now - entry.fetchedAt < lifetime {
            guard let property = entry.property, !property.isArchived else { throw APIError.propertyNotFound(rawID) }
            return property
        }
        let property = try await store.property(id)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[id] = Entry(property: property, fetchedAt: now)
        }
        guard let property, !property.isArchived else { throw APIError.propertyNotFound(rawID) }
        return property
    }

    /// Forgets a property so the next request reads it afresh (after a configuration change here).
    func invalidate(_ id: PropertyID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
