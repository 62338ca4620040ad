import AccordCore

/// Published policy versions, kept in memory: a published version never changes, so an entry never goes stale.
final class PolicyCache: Sendable {
    private let store: any ConsentStore
    private let entries = ExpiringCache<PolicyVersion.Key, PolicyVersion>(lifetime: nil)

    init(store: any ConsentStore) {
        self.store = store
    }

    /// The property's current policy version; a 500 when it was never published (a broken installation).
    func current(of property: Property) async throws -> PolicyVersion {
        try await entries.value(for: PolicyVersion.Key(property.id, property.currentPolicyVersion)) {
            guard let policy = try await store.policyVersion(property.currentPolicyVersion, of: property.id) else {
                throw APIError.internalError
            }
            return policy
        }
    }
}
