import AccordCore

/// Properties by id, cached for a few seconds: every public request needs its property, and configuration
/// changes are rare. With several instances, a change is seen everywhere within the cache's lifetime.
final class PropertyCatalog: Sendable {
    private let store: any ConfigurationStore
    /// Unknown ids are remembered too (as nil), so a flood of them stays cheap.
    private let entries: ExpiringCache<PropertyID, Property?>

    init(store: any ConfigurationStore, lifetime: Duration = .seconds(5), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.entries = ExpiringCache(lifetime: lifetime, now: now)
    }

    /// The property, or a 404 API error naming the id.
    func property(_ rawID: String) async throws -> Property {
        let id = PropertyID(rawValue: rawID)
        guard id.isWellFormed else { throw APIError.propertyNotFound(rawID) }
        let property = try await entries.value(for: id) { try await store.property(id) }
        guard let property, !property.isArchived else { throw APIError.propertyNotFound(rawID) }
        return property
    }

    /// Forgets a property so the next request reads it afresh (after a configuration change here).
    func invalidate(_ id: PropertyID) {
        entries.expire(id)
    }
}
