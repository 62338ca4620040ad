import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `DataMapStore`: stores or replaces the system; true when it was new.
    public func saveSystem(_ system: DataSystem) async throws -> Bool {
        contents.withLock { contents in
            var stored = system
            stored.updatedAt = system.updatedAt.truncatedToMilliseconds
            let isNew = contents.systems[system.property]?[system.key] == nil
            contents.systems[system.property, default: [:]][system.key] = stored
            return isNew
        }
    }

    /// `DataMapStore`: the system, when the property has it.
    public func system(_ key: String, of property: PropertyID) async throws -> DataSystem? {
        contents.withLock { $0.systems[property]?[key] }
    }

    /// `DataMapStore`: the property's systems by key after `cursor`.
    public func systems(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [DataSystem] {
        contents.withLock { contents in
            let systems = contents.systems[property] ?? [:]
            return Array(systems.keys.filter { $0 > (cursor ?? "") }.sorted().prefix(limit).map { systems[$0]! })
        }
    }

    /// `DataMapStore`: removes the system.
    public func deleteSystem(_ key: String, of property: PropertyID) async throws -> Bool {
        contents.withLock { $0.systems[property]?.removeValue(forKey: key) != nil }
    }
}
