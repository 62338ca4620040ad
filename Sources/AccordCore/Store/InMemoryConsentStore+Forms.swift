import Foundation
import Synchronization

/// The in-memory store's forms: drafts by (property, form), versions in publication order.
struct InMemoryFormTables: Sendable {
    var drafts: [String: StoredFormDraft] = [:]
    var versions: [String: [FormVersion]] = [:]
    var evidence: [String: FormEvidence] = [:]

    static func key(_ property: PropertyID, _ form: String) -> String { "\(property.rawValue)\u{0}\(form)" }
}

extension InMemoryConsentStore {
    public func saveFormDraft(_ draft: StoredFormDraft) async throws {
        guard try await property(draft.property) != nil else { throw StoreError.propertyNotFound(draft.property) }
        formTables.withLock { $0.drafts[InMemoryFormTables.key(draft.property, draft.form)] = draft }
    }

    public func formDraft(_ form: String, of property: PropertyID) async throws -> StoredFormDraft? {
        formTables.withLock { $0.drafts[InMemoryFormTables.key(property, form)] }
    }

    public func saveFormVersion(_ version: FormVersion) async throws {
        guard try await property(version.property) != nil else { throw StoreError.propertyNotFound(version.property) }
        try formTables.withLock { tables in
            let key = InMemoryFormTables.key(version.property, version.form)
            if tables.versions[key, default: []].contains(where: { $0.version == version.version }) {
                throw FormStoreError.versionExists(version.property, version.form, version.version)
            }
            tables.versions[key, default: []].append(version)
        }
    }

    public func formVersion(_ version: Int, of form: String, in property: PropertyID) async throws -> FormVersion? {
        formTables.withLock { $0.versions[InMemoryFormTables.key(property, form)]?.first { $0.version == version } }
    }

    public func latestFormVersion(of form: String, in property: PropertyID) async throws -> FormVersion? {
        formTables.withLock { $0.versions[InMemoryFormTables.key(property, form)]?.max { $0.version < $1.version } }
    }

    public func forms(of property: PropertyID) async throws -> [FormSummary] {
        formTables.withLock { tables in
            let prefix = "\(property.rawValue)\u{0}"
            let keys = Set(tables.drafts.keys.filter { $0.hasPrefix(prefix) })
                .union(tables.versions.keys.filter { $0.hasPrefix(prefix) })
            return keys.sorted().map { key in
                FormSummary(
                    form: String(key.dropFirst(prefix.count)), draft: tables.drafts[key],
                    latestVersion: tables.versions[key]?.map(\.version).max())
            }
        }
    }
}

extension InMemoryConsentStore {
    public func saveFormEvidence(_ evidence: FormEvidence) async throws {
        formTables.withLock { tables in
            let key = InMemoryFormTables.key(evidence.property, evidence.event.rawValue)
            if tables.evidence[key] == nil { tables.evidence[key] = evidence }
        }
    }

    public func formEvidence(of event: EventID, in property: PropertyID) async throws -> FormEvidence? {
        formTables.withLock { $0.evidence[InMemoryFormTables.key(property, event.rawValue)] }
    }
}
