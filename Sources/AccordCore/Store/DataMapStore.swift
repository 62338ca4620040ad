import Foundation

/// A property's data map: the systems that hold personal data (issue 13 §5).
public protocol DataMapStore: Sendable {
    /// Stores a system, replacing the one with its key in its property; true when it was new.
    func saveSystem(_ system: DataSystem) async throws -> Bool
    /// The system with this key in this property, if any.
    func system(_ key: String, of property: PropertyID) async throws -> DataSystem?
    /// The property's systems by key, strictly after `cursor` (a key) when given.
    func systems(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [DataSystem]
    /// Removes the system; false when there was none.
    func deleteSystem(_ key: String, of property: PropertyID) async throws -> Bool
}

extension DataMapStore {
    /// Every system of the property, by key (pages of 200).
    public func allSystems(of property: PropertyID) async throws -> [DataSystem] {
        var all: [DataSystem] = []
        var cursor: String?
        while true {
            let page = try await systems(of: property, after: cursor, limit: 200)
            all += page
            guard page.count == 200, let last = page.last else { return all }
            cursor = last.key
        }
    }
}
