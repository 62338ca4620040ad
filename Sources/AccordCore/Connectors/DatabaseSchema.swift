/// The tables and columns of a customer database as a connector reads them, for `check` (issue 14 §1).
public struct DatabaseSchema: Sendable, Hashable {
    /// Table name → its columns by name.
    public var tables: [String: [String: Column]]

    public init(tables: [String: [String: Column]]) { self.tables = tables }

    /// A column: its storage kind and whether it takes NULL.
    public struct Column: Sendable, Hashable {
        public var kind: Kind
        public var nullable: Bool
        /// The database's own type name, for messages.
        public var typeName: String

        public init(kind: Kind, nullable: Bool, typeName: String) {
            self.kind = kind
            self.nullable = nullable
            self.typeName = typeName
        }
    }

    /// What a column can hold, as far as erasure strategies care.
    public enum Kind: Sendable, Hashable {
        /// Text of any length (`text`, `varchar`, SQLite's TEXT affinity).
        case text
        /// Numbers, dates, booleans, bytes, JSON and everything else text cannot be written into.
        case other
    }
}

/// `check`: does a database have what a dataset names, and can each erase strategy be applied to its column?
public enum DatasetCheck {
    /// One line per problem, in dataset order; empty when the dataset fits the database.
    public static func problems(_ dataset: Dataset, in schema: DatabaseSchema) -> [String] {
        var problems: [String] = []
        if case .failure(let cycle) = DatasetValidator.erasureOrder(dataset) {
            problems.append("references form a cycle: \(cycle.path.joined(separator: " → "))")
        }
        for name in dataset.names {
            let collection = dataset.collections[name]!
            guard let columns = schema.tables[name] else {
                problems.append("\(name): no such table")
                continue
            }
            func need(_ column: String, _ role: String) {
                if columns[column] == nil { problems.append("\(name).\(column): no such column (\(role))") }
            }
            collection.primaryKey.forEach { need($0, "primaryKey") }
            for type in collection.identities.keys.sorted() { collection.identities[type]!.forEach { need($0, "identities.\(type)") } }
            for column in collection.references.keys.sorted() {
                need(column, "references")
                let reference = collection.references[column]!
                if let target = schema.tables[reference.collection], target[reference.column] == nil {
                    problems.append("\(name).\(column): references \(reference.target), which has no such column")
                }
            }
            for column in collection.fields.keys.sorted() {
                guard let info = columns[column] else {
                    need(column, "fields")
                    continue
                }
                let strategy = collection.fields[column]!.effectiveErase
                let writesText = [EraseStrategy.hash, .hmac, .random].contains(strategy) || strategy.name == "fixed"
                if let problem = DatasetValidator.referenceErase(strategy, on: column, of: collection) {
                    problems.append("\(name).\(column): \(problem)")
                } else if strategy == .null && !info.nullable {
                    problems.append(
                        collection.references[column] == nil
                            ? "\(name).\(column): erase \"null\" on a NOT NULL column; choose another strategy"
                            : "\(name).\(column): erase \"null\" on a NOT NULL reference column; say erase: keep (the row it points to is then kept, masked)"
                    )
                } else if writesText && info.kind != .text {
                    problems.append("\(name).\(column): erase \(strategy.name) writes text into a \(info.typeName) column")
                }
            }
        }
        return problems
    }
}
