import Foundation

/// One form in a configuration document: the property, the key and the form as published.
public struct ConfigForm: Hashable, Sendable, Codable {
    /// The property the form belongs to.
    public var property: PropertyID
    /// The form's key.
    public var key: String
    /// The form, as its newest published version should be.
    public var form: FormDraft

    /// An entry from its parts.
    public init(property: PropertyID, key: String, form: FormDraft) {
        self.property = property
        self.key = key
        self.form = form
    }
}

/// Configuration as code for forms: export every form's newest published version; apply publishes a new version
/// where the document's form differs from it (saving it as the draft too). Validation is the publish validation,
/// its problems named under `forms[i]`. Forms the document omits are left alone: a published version is permanent.
public struct FormConfigPlanner: Sendable {
    /// One form to publish.
    public struct Change: Hashable, Sendable, CustomStringConvertible {
        /// The entry to publish.
        public var entry: ConfigForm
        /// The version it will be.
        public var version: Int

        /// As `accord config apply` prints it.
        public var description: String { "! form \(entry.property)/\(entry.key): publish version \(version)" }
    }

    /// Where forms and properties are read and written.
    public let store: any FormStore & ConfigurationStore

    /// A planner over `store`.
    public init(store: any FormStore & ConfigurationStore) {
        self.store = store
    }

    /// The document's forms: the newest published version of every form of `properties`.
    public func export(_ properties: [Property]) async throws -> [ConfigForm] {
        var forms: [ConfigForm] = []
        for property in properties.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            for summary in try await store.forms(of: property.id) {
                guard let latest = try await store.latestFormVersion(of: summary.form, in: property.id) else { continue }
                forms.append(ConfigForm(property: property.id, key: summary.form, form: latest.draft))
            }
        }
        return forms
    }

    /// The forms to publish; throws `ConfigurationError` naming `forms[i]...` for the first problem.
    /// `desired` are the properties as the document makes them (purposes are checked against those).
    public func plan(_ forms: [ConfigForm], desired: [Property]) async throws -> [Change] {
        var changes: [Change] = []
        var seen = Set<String>()
        for (index, entry) in forms.enumerated() {
            let path = "forms[\(index)]"
            guard FormKey.isWellFormed(entry.key) else {
                throw ConfigurationError(.invalidValue, field: "\(path).key", "a form key is 1 to 64 lower-case letters, digits, - or _")
            }
            guard seen.insert("\(entry.property.rawValue)/\(entry.key)").inserted else {
                throw ConfigurationError(.invalidValue, field: "\(path).key", "form '\(entry.key)' of '\(entry.property)' appears twice")
            }
            guard let property = desired.first(where: { $0.id == entry.property }) else {
                throw ConfigurationError(.invalidValue, field: "\(path).property", "property '\(entry.property)' is not in the document")
            }
            if let problem = FormValidator.problems(of: entry.form, in: property).first {
                throw ConfigurationError(.invalidValue, field: "\(path).form.\(problem.field)", problem.message)
            }
            let latest = try await store.latestFormVersion(of: entry.key, in: entry.property)
            if let latest, FormVersion.canonicalJSON(latest.draft) == FormVersion.canonicalJSON(entry.form) { continue }
            changes.append(Change(entry: entry, version: (latest?.version ?? 0) + 1))
        }
        return changes
    }

    /// Saves each form as its draft and publishes it, as actor `config apply`.
    public func apply(_ changes: [Change], at now: Date) async throws {
        for change in changes {
            let entry = change.entry
            try await store.saveFormDraft(
                StoredFormDraft(property: entry.property, form: entry.key, draft: entry.form, updatedAt: now, updatedBy: ConfigPlanner.actor))
            try await store.saveFormVersion(
                FormVersion(
                    property: entry.property, form: entry.key, version: change.version, draft: entry.form, at: now,
                    by: ConfigPlanner.actor))
        }
    }
}
