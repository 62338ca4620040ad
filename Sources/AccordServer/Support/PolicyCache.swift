import AccordCore
import Synchronization

/// Published policy versions, kept in memory: a published version never changes, so an entry never goes stale.
final class PolicyCache: Sendable {
    private let store: any ConsentStore
    private let entries = Mutex<[String: PolicyVersion]>([:])

    init(store: any ConsentStore) {
        self.store = store
    }

    /// The property's current policy version; a 500 when it was never published (a broken installation).
    func current(of property: Property) async throws -> PolicyVersion {
        let key = "\(property.id.rawValue)#\(property.currentPolicyVersion)"
        if let cached = entries.withLock({ $0[key] }) { return cached }
        guard let policy = try await store.policyVersion(property.currentPolicyVersion, of: property.id) else {
            throw APIError.internalError
        }
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = policy
        }
        return policy
    }
}
