import Foundation

/// The rules a data-map entry must keep; refusals name the field as a JSON path.
public enum DataSystemValidator {
    /// Longest text field (name, owner, a source, a purpose, a third party's name, retention).
    public static let maxTextLength = 200
    /// Longest description.
    public static let maxDescriptionLength = 2000
    /// Most entries in one list.
    public static let maxListLength = 100

    /// A system key: 1 to 64 of `a-z 0-9 - _` (the grammar of property ids).
    public static func isValidKey(_ key: String) -> Bool { PropertyID(rawValue: key).isWellFormed }

    /// Throws the first broken rule.
    public static func validate(_ system: DataSystem) throws(ConfigurationError) {
        guard isValidKey(system.key) else {
            throw .invalid("key", "a system key is 1 to 64 lower-case letters, digits, '-' or '_'")
        }
        try text(system.name, "name", required: true)
        if let owner = system.owner { try text(owner, "owner", required: true) }
        if let description = system.description, description.count > maxDescriptionLength {
            throw .invalid("description", "at most \(maxDescriptionLength) characters")
        }
        if let retention = system.retention { try text(retention, "retention", required: true) }
        try list(system.categories.count, "categories")
        var seen = Set<DataCategory>()
        for (index, category) in system.categories.enumerated() where !seen.insert(category).inserted {
            throw .invalid("categories[\(index)]", "category '\(category.rawValue)' is listed twice")
        }
        for (field, values) in [("sources", system.sources), ("purposes", system.purposes)] {
            try list(values.count, field)
            for (index, value) in values.enumerated() { try text(value, "\(field)[\(index)]", required: true) }
        }
        try list(system.thirdParties.count, "thirdParties")
        for (index, party) in system.thirdParties.enumerated() { try text(party.name, "thirdParties[\(index)].name", required: true) }
    }

    private static func text(_ value: String, _ field: String, required: Bool) throws(ConfigurationError) {
        if required && value.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalid(field, "must not be empty") }
        if value.count > maxTextLength { throw .invalid(field, "at most \(maxTextLength) characters") }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalid(field, "must not contain control characters")
        }
    }

    private static func list(_ count: Int, _ field: String) throws(ConfigurationError) {
        if count > maxListLength { throw .invalid(field, "at most \(maxListLength) entries") }
    }
}
