import Foundation
import Synchronization

/// Audit entries for changes that are not a property's configuration (webhook endpoints, say): appended to the
/// property's configuration chain (`config/<property>`), so they are verified with it and listed beside it.
public protocol AuditAppending: Sendable {
    /// Links the entry after its chain's head and stores it, in one transaction.
    func appendAuditEntry(_ entry: AuditEntry) async throws
}

extension InMemoryConsentStore {
    /// `AuditAppending`.
    public func appendAuditEntry(_ entry: AuditEntry) async throws {
        contents.withLock { Self.append(entry, to: &$0) }
    }
}
