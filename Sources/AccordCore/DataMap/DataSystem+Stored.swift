import Foundation

extension DataSystem {
    /// The definition as stored by the SQL backends: JSON of everything but the property, key and time, which have
    /// columns of their own.
    public func storedDefinition() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding plain strings, arrays and enums cannot fail.
        return String(decoding: (try? encoder.encode(Definition(self))) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A system read back from its columns; a definition that does not decode is `StoreError.corrupt`.
    public init(property: PropertyID, key: String, storedDefinition: String, updatedAtMilliseconds: Int64) throws {
        let definition: Definition
        do {
            definition = try JSONDecoder().decode(Definition.self, from: Data(storedDefinition.utf8))
        } catch {
            throw StoreError.corrupt("data map system \(property)/\(key): definition does not decode")
        }
        self.init(
            property: property, key: key, name: definition.name, owner: definition.owner, description: definition.description,
            categories: definition.categories, sources: definition.sources, purposes: definition.purposes,
            thirdParties: definition.thirdParties, retention: definition.retention, connector: definition.connector,
            updatedAt: Date(millisecondsSince1970: updatedAtMilliseconds))
    }

    private struct Definition: Codable {
        var name: String
        var owner: String?
        var description: String?
        var categories: [DataCategory]
        var sources: [String]
        var purposes: [String]
        var thirdParties: [ThirdParty]
        var retention: String?
        var connector: Connector?

        init(_ system: DataSystem) {
            name = system.name
            owner = system.owner
            description = system.description
            categories = system.categories
            sources = system.sources
            purposes = system.purposes
            thirdParties = system.thirdParties
            retention = system.retention
            connector = system.connector
        }
    }
}
