import Foundation

extension ConfigPlanner {
    /// The data-map changes a document's `systems` makes: every property of the document gets exactly the systems
    /// listed for it. Errors name `systems.<property>.<key>.<field>` paths.
    func systemChanges(
        _ systems: [String: [String: SystemDocument]], properties: [Property]
    ) async throws -> ([ConfigPlan.Change], [DataSystem]) {
        guard let dataMap else {
            throw ConfigurationError.invalid("systems", "this store keeps no data maps")
        }
        let ids = Set(properties.map(\.id.rawValue))
        for id in systems.keys.sorted() where !ids.contains(id) {
            throw ConfigurationError.invalid("systems.\(id)", "'\(id)' is not a property of this document")
        }
        var changes: [ConfigPlan.Change] = []
        var desired: [DataSystem] = []
        let now = Date().truncatedToMilliseconds
        for property in properties.map(\.id).sorted(by: { $0.rawValue < $1.rawValue }) {
            let wanted = systems[property.rawValue] ?? [:]
            let stored = try await editor.store.property(property) == nil ? [] : try await dataMap.allSystems(of: property)
            for key in wanted.keys.sorted() {
                let document = wanted[key]!
                let system = document.system(
                    property: property, key: key, at: now, existing: stored.first { $0.key == key }?.connector)
                let at = "systems.\(property).\(key)"
                do {
                    try DataSystemValidator.validate(system)
                } catch {
                    throw ConfigurationError(error.kind, field: "\(at).\(error.field ?? "key")", error.message)
                }
                if let connector = document.connector {
                    try Self.check(connector, as: system.connector, at: "\(at).connector")
                }
                guard let current = stored.first(where: { $0.key == key }) else {
                    changes.append(.addSystem(property, key))
                    desired.append(system)
                    continue
                }
                let fields = Self.changedFields(current, system)
                if !fields.isEmpty {
                    changes.append(.changeSystem(property, key, fields: fields))
                    desired.append(system)
                }
            }
            for current in stored where wanted[current.key] == nil {
                changes.append(.removeSystem(property, current.key))
            }
        }
        return (changes, desired)
    }

    /// A connector in a document: `env:NAME` connections only, a dataset that validates, what its kind needs.
    static func check(_ document: ConnectorDocument, as connector: Connector?, at path: String) throws {
        if let connection = document.connection, ConnectionSource.environmentReference(connection) == nil {
            throw ConfigurationError.invalid(
                "\(path).connection", "configuration files name connections as env:NAME; store a connection string with the admin API")
        }
        switch document.kind {
        case .postgres, .sqlite:
            guard let dataset = document.dataset else { throw ConfigurationError.invalid("\(path).dataset", "a SQL connector needs its dataset") }
            try DatasetValidator.validate(dataset, prefix: "\(path).dataset")
            if connector?.connection == nil {
                throw ConfigurationError.invalid("\(path).connection", "a SQL connector needs its connection (env:NAME)")
            }
        case .webhook:
            if document.url == nil { throw ConfigurationError.invalid("\(path).url", "a webhook connector needs its url") }
        case .manual:
            break
        }
    }

    /// The definition fields whose values differ.
    static func changedFields(_ lhs: DataSystem, _ rhs: DataSystem) -> [String] {
        var fields: [String] = []
        if lhs.name != rhs.name { fields.append("name") }
        if lhs.owner != rhs.owner { fields.append("owner") }
        if lhs.description != rhs.description { fields.append("description") }
        if lhs.categories != rhs.categories { fields.append("categories") }
        if lhs.sources != rhs.sources { fields.append("sources") }
        if lhs.purposes != rhs.purposes { fields.append("purposes") }
        if lhs.thirdParties != rhs.thirdParties { fields.append("thirdParties") }
        if lhs.retention != rhs.retention { fields.append("retention") }
        if lhs.connector != rhs.connector { fields.append("connector") }
        return fields
    }
}
