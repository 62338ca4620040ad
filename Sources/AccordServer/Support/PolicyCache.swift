import AccordCore
import HTTPTypes

/// Published policy versions, kept in memory: a published version never changes, so an entry never goes stale.
final class PolicyCache: Sendable {
    private let store: any ConfigurationStore
    private let entries = ExpiringCache<PolicyVersion.Key, PolicyVersion>(lifetime: nil)

    init(store: any ConfigurationStore) {
        self.store = store
    }

    /// The property's current policy version. A draft never published is not served yet (404, like an unknown
    /// property); a published version that cannot be found is a 500 (a broken installation).
    func current(of property: Property) async throws -> PolicyVersion {
        guard property.currentPolicyVersion > 0 else {
            throw APIError(
                .notFound, code: "property_not_published",
                message: "property '\(property.id.rawValue)' is a draft: publish a policy version to serve it")
        }
        return try await entries.value(for: PolicyVersion.Key(property.id, property.currentPolicyVersion)) {
            guard let policy = try await store.policyVersion(property.currentPolicyVersion, of: property.id) else {
                throw APIError.internalError
            }
            return policy
        }
    }
}
