import AccordCore

/// What `accord config export` prints: the live properties, their forms' newest published versions and, when any
/// has one, their data maps.
enum ConfigExport {
    static func document(_ store: any ConsentStore) async throws -> ConfigDocument {
        let properties = try await store.properties().filter { !$0.isArchived }
        var systems: [String: [String: SystemDocument]] = [:]
        for property in properties {
            let map = try await store.allSystems(of: property.id)
            if !map.isEmpty {
                systems[property.id.rawValue] = Dictionary(uniqueKeysWithValues: map.map { ($0.key, SystemDocument($0)) })
            }
        }
        var document = ConfigDocument(properties: properties, systems: systems.isEmpty ? nil : systems)
        document.forms = try await FormConfigPlanner(store: store).export(properties)
        return document
    }
}
