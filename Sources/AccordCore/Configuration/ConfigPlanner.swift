import Foundation

/// Plans and applies a configuration document against the store, through the editor, so every change is
/// validated and audited like an API change (actor `config apply`).
public struct ConfigPlanner: Sendable {
    /// The editor every change goes through, so each is validated and audited.
    public let editor: ConfigurationEditor
    /// The actor the audit entries of `config apply` name.
    public static let actor = "config apply"

    /// Where data maps are kept; nil: a document's `systems` is refused (`systems` needs a store that has them).
    public let dataMap: (any DataMapStore)?

    /// A planner working through `editor` and its store, and `dataMap` for the documents' data maps.
    public init(editor: ConfigurationEditor, dataMap: (any DataMapStore)? = nil) {
        self.editor = editor
        self.dataMap = dataMap
    }

    /// Validates the document and lists the changes; writes nothing. Errors name `properties[i].…` paths.
    public func plan(_ document: ConfigDocument) async throws -> ConfigPlan {
        var seen = Set<PropertyID>()
        for (index, property) in document.properties.enumerated() {
            do {
                try PropertyValidator.validate(property)
            } catch {
                throw ConfigurationError(error.kind, field: "properties[\(index)]." + (error.field ?? "id"), error.message)
            }
            if let missing = property.firstMissingTranslation() {
                throw ConfigurationError(
                    .translationMissing, field: "properties[\(index)].\(missing)", "a text is missing for a locale the property enables")
            }
            guard seen.insert(property.id).inserted else {
                throw ConfigurationError(.propertyDuplicate, field: "properties[\(index)].id", "property '\(property.id)' appears twice")
            }
        }
        let stored = try await editor.store.properties()
        var changes: [ConfigPlan.Change] = []
        var desired: [Property] = []
        for (index, wanted) in document.properties.enumerated() {
            guard var current = stored.first(where: { $0.id == wanted.id }), !current.isArchived else {
                changes.append(.addProperty(wanted.id))
                changes.append(.publish(wanted.id, askAgain: wanted.activePurposes.map(\.key)))
                desired.append(wanted)
                continue
            }
            var next = wanted
            next.currentPolicyVersion = current.currentPolicyVersion
            changes += try await purposeChanges(from: current, to: next, index: index)
            let fields = Self.changedFields(current, next).filter { $0 != "purposes" }
            if !fields.isEmpty { changes.append(.changeProperty(wanted.id, fields: fields)) }
            current = next
            if try await editor.hasUnpublishedChanges(current) {
                let previous = try await editor.store.policyVersion(current.currentPolicyVersion, of: current.id)
                let draft = PolicyVersion(publishing: current, version: 0, previous: previous, at: Date(), by: Self.actor)
                changes.append(.publish(current.id, askAgain: draft.changedPurposes))
            }
            desired.append(current)
        }
        for property in stored where !property.isArchived && !seen.contains(property.id) {
            changes.append(.archiveProperty(property.id))
        }
        var plan = ConfigPlan(changes: changes, desired: desired)
        if let systems = document.systems {
            let (systemChanges, desiredSystems) = try await systemChanges(systems, properties: document.properties)
            plan.changes += systemChanges
            plan.desiredSystems = desiredSystems
        }
        return plan
    }

    /// Applies a plan made by `plan(_:)`.
    public func apply(_ plan: ConfigPlan) async throws {
        for change in plan.changes {
            switch change {
            case .addProperty(let id):
                if let property = plan.desired.first(where: { $0.id == id }) { _ = try await editor.create(property, by: Self.actor) }
            case .archiveProperty(let id):
                try await editor.change(id, by: Self.actor, action: "property.archive") { $0.isArchived = true }
            case .changeProperty(let id, _):
                if let property = plan.desired.first(where: { $0.id == id }) {
                    try await editor.change(id, by: Self.actor, action: "config.apply") { $0 = property }
                }
            case .publish(let id, _):
                // Purpose changes are saved with the property change; make sure they are, then publish.
                if let property = plan.desired.first(where: { $0.id == id }) {
                    try await editor.change(id, by: Self.actor, action: "config.apply") { $0 = property }
                }
                _ = try await editor.publish(id, by: Self.actor)
            case .addPurpose, .changePurpose, .retirePurpose, .removePurpose:
                continue  // saved as part of the property's change
            case .addSystem(let id, let key), .changeSystem(let id, let key, _):
                if let system = plan.desiredSystems.first(where: { $0.property == id && $0.key == key }) {
                    _ = try await dataMap?.saveSystem(system)
                }
            case .removeSystem(let id, let key):
                _ = try await dataMap?.deleteSystem(key, of: id)
            }
        }
    }

    private func purposeChanges(from current: Property, to next: Property, index: Int) async throws -> [ConfigPlan.Change] {
        var changes: [ConfigPlan.Change] = []
        for purpose in next.purposes {
            guard let existing = current.purpose(purpose.key) else {
                changes.append(.addPurpose(next.id, purpose.key))
                continue
            }
            if purpose.isRetired && !existing.isRetired {
                changes.append(.retirePurpose(next.id, purpose.key))
            } else if purpose != existing {
                changes.append(.changePurpose(next.id, purpose.key))
            }
        }
        for purpose in current.purposes where next.purpose(purpose.key) == nil {
            if try await editor.store.hasConsents(for: purpose.key, in: current.id) {
                throw ConfigurationError(
                    .purposeHasConsents, field: "properties[\(index)].purposes",
                    "purpose '\(purpose.key)' of '\(current.id)' has recorded consents; keep it with isRetired: true")
            }
            changes.append(.removePurpose(next.id, purpose.key))
        }
        return changes
    }

    /// Top-level fields whose values differ, by their JSON encodings.
    static func changedFields(_ lhs: Property, _ rhs: Property) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func fields(_ property: Property) -> [String: String] {
            guard let data = try? encoder.encode(property),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return [:] }
            return object.compactMapValues { value in
                (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
                    .map { String(decoding: $0, as: UTF8.self) }
            }
        }
        let left = fields(lhs)
        let right = fields(rhs)
        return Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.sorted()
    }
}
