import Foundation

/// Every change to configuration goes through here: validated, saved with an audit entry holding the
/// property before and after, and published as immutable policy versions.
public struct ConfigurationEditor: Sendable {
    /// Where properties, policy versions and the audit trail are kept.
    public let store: any ConfigurationStore
    let now: @Sendable () -> Date
    let didChange: @Sendable (PropertyID) -> Void

    /// An editor over `store`; `now` dates audit entries and versions, `didChange` hears of each saved change.
    public init(
        store: any ConfigurationStore, now: @escaping @Sendable () -> Date = { Date() },
        didChange: @escaping @Sendable (PropertyID) -> Void = { _ in }
    ) {
        self.store = store
        self.now = now
        self.didChange = didChange
    }

    /// The same editor, also telling `observer` after each saved change (to drop cached copies).
    public func observing(_ observer: @escaping @Sendable (PropertyID) -> Void) -> ConfigurationEditor {
        let previous = didChange
        return ConfigurationEditor(store: store, now: now) { id in
            previous(id)
            observer(id)
        }
    }

    /// Creates a property as a draft; nothing is served until its first version is published.
    public func create(_ property: Property, by actor: String) async throws -> Property {
        var property = property
        property.currentPolicyVersion = 0
        property.isArchived = false
        try PropertyValidator.validate(property)
        if try await store.property(property.id) != nil { throw ConfigurationError.propertyExists(property.id) }
        let entry = AuditEntry(
            property: property.id, actor: actor, action: "property.create", before: nil,
            after: AuditEntry.canonicalJSON(property), at: now())
        do {
            try await store.saveProperty(property, audit: entry, replacing: nil)
        } catch StoreError.concurrentChange {
            throw ConfigurationError.propertyExists(property.id)
        }
        didChange(property.id)
        return property
    }

    /// Applies `edit` to the stored property; saves and audits only when something changed. With `expected`
    /// (what the caller read), the edit applies only to that state; `precondition` may refuse the state it is
    /// about to replace (an `If-Match` tag), and runs after the edit was applied and validated, so a bad edit is
    /// reported as such whatever the state. The save replaces exactly the state read (compare-and-swap): an
    /// edit that meets another saved in between is applied again to the newest state, a few times, and its
    /// conditions are checked again there, so nothing is lost and a stale condition fails.
    @discardableResult
    public func change(
        _ id: PropertyID, by actor: String, action: String, target: String? = nil, expected: Property? = nil,
        precondition: (Property) throws -> Void = { _ in }, _ edit: (inout Property) throws -> Void
    ) async throws -> Property {
        var attempts = 3
        while true {
            attempts -= 1
            do {
                return try await changeOnce(id, by: actor, action: action, target: target, edit) { before in
                    if let expected, expected != before { throw StoreError.concurrentChange(id) }
                    try precondition(before)
                }
            } catch StoreError.concurrentChange where attempts > 0 {
                continue
            }
        }
    }

    private func changeOnce(
        _ id: PropertyID, by actor: String, action: String, target: String?, _ edit: (inout Property) throws -> Void,
        precondition: (Property) throws -> Void
    ) async throws -> Property {
        let before = try await load(id)
        var after = before
        try edit(&after)
        after.id = before.id
        after.currentPolicyVersion = before.currentPolicyVersion
        if after != before {
            try PropertyValidator.validate(after)
            try await checkRemovedPurposes(from: before, to: after)
        }
        try precondition(before)
        guard after != before else { return before }
        let entry = AuditEntry(
            property: id, actor: actor, action: action, target: target, before: AuditEntry.canonicalJSON(before),
            after: AuditEntry.canonicalJSON(after), at: now())
        try await store.saveProperty(after, audit: entry, replacing: before)
        didChange(id)
        return after
    }

    /// Publishes the property's draft as the next policy version.
    public func publish(_ id: PropertyID, by actor: String) async throws -> PolicyVersion {
        let before = try await load(id)
        var property = before
        if let missing = property.firstMissingTranslation() { throw ConfigurationError.translationMissing(missing) }
        let previous =
            property.currentPolicyVersion > 0
            ? try await store.policyVersion(property.currentPolicyVersion, of: id) : nil
        let version = PolicyVersion(
            publishing: property, version: property.currentPolicyVersion + 1, previous: previous, at: now(), by: actor)
        property.currentPolicyVersion = version.version
        let entry = AuditEntry(
            property: id, actor: actor, action: "policy.publish", target: String(version.version),
            before: previous.map(\.contentHash), after: version.contentHash, at: now())
        try await store.publish(version, property: property, audit: entry, replacing: before)
        didChange(id)
        return version
    }

    /// Whether the draft differs from the published version in anything the policy snapshots.
    public func hasUnpublishedChanges(_ property: Property) async throws -> Bool {
        guard property.currentPolicyVersion > 0,
            let published = try await store.policyVersion(property.currentPolicyVersion, of: property.id)
        else { return true }
        let draft = PolicyVersion(publishing: property, version: published.version, previous: nil, at: now(), by: "")
        return draft.contentHash != published.contentHash
    }

    /// The stored property; throws `StoreError.propertyNotFound` for an unknown id.
    public func load(_ id: PropertyID) async throws -> Property {
        guard let property = try await store.property(id) else { throw StoreError.propertyNotFound(id) }
        return property
    }

    /// Purposes with recorded consents may be retired but never removed: history must keep its meaning.
    private func checkRemovedPurposes(from before: Property, to after: Property) async throws {
        let remaining = Set(after.purposes.map(\.key))
        for purpose in before.purposes where !remaining.contains(purpose.key) {
            if try await store.hasConsents(for: purpose.key, in: before.id) {
                throw ConfigurationError.purposeHasConsents(purpose.key)
            }
        }
        // The same for preferences: a topic (or a channel of one) with consents is retired, never removed.
        let remainingPreferences = Set(after.preferencePurposes.map(\.key))
        for purpose in before.preferencePurposes where !remainingPreferences.contains(purpose.key) {
            if try await store.hasConsents(for: purpose.key, in: before.id) {
                throw ConfigurationError.topicHasConsents(purpose.key)
            }
        }
    }
}
