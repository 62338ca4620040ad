import Foundation

/// Configuration with its provable history: every change is saved together with an audit entry linked into
/// the property's `config/<property>` chain, in one transaction.
public protocol ConfigurationStore: Sendable {
    /// The stored configuration (the draft, archived or not), or nil when no property has this id.
    func property(_ id: PropertyID) async throws -> Property?
    /// Every property, archived ones included; callers filter on `isArchived`.
    func properties() async throws -> [Property]
    /// A published policy version, with the exact texts it showed.
    func policyVersion(_ version: Int, of property: PropertyID) async throws -> PolicyVersion?
    /// Saves the property's configuration (the draft) and the entry describing the change, only if the stored
    /// property is still `expected` (nil: none is stored yet), checked in the same transaction; otherwise throws
    /// `StoreError.concurrentChange`, so of two edits made from one reading exactly one is saved, and the audit
    /// entry's `before` is always what was replaced.
    func saveProperty(_ property: Property, audit: AuditEntry, replacing expected: Property?) async throws
    /// Publishes `version`, saves `property` (whose `currentPolicyVersion` now names it) and the entry, only if
    /// the stored property is still `expected` (else `StoreError.concurrentChange`).
    /// Throws `StoreError.policyVersionExists` when the number is taken: published versions never change.
    func publish(_ version: PolicyVersion, property: Property, audit: AuditEntry, replacing expected: Property) async throws
    /// Published versions, newest first, older than `version` when given.
    func policyVersions(of property: PropertyID, before version: Int?, limit: Int) async throws -> [PolicyVersion]
    /// A property's audit entries, newest first, older than `cursor` (a sequence number) when given.
    func auditEntries(of property: PropertyID, before cursor: Int64?, limit: Int) async throws -> [StoredAuditEntry]
    /// Saves the property's Global Vendor List, replacing an earlier one, and the entry describing the change.
    func saveGVL(_ list: GlobalVendorList, of property: PropertyID, audit: AuditEntry) async throws
    /// The property's Global Vendor List, or nil when none was saved.
    func gvl(of property: PropertyID) async throws -> GlobalVendorList?
    /// Whether any consent was ever recorded for the purpose (such a purpose can only be retired).
    func hasConsents(for purpose: PurposeKey, in property: PropertyID) async throws -> Bool
}
