import Foundation

/// The rows of one system that belong to a subject (issue 14 §2, "Reachability").
public struct SubjectRows: Sendable, Hashable {
    /// Rows whose identity column matches and, repeatedly, every row pointing to an owned row: collection → key → row.
    public var owned: [String: [RowKey: ConnectorRow]] = [:]
    /// Rows an owned row points to through a reference that is not `include: false`, not expanded further.
    public var related: [String: [RowKey: ConnectorRow]] = [:]
    /// Related rows that a row outside the subject's also points to: collection → key → the collections pointing.
    /// Such a row is never erased (an address two customers share).
    public var shared: [String: [RowKey: Set<String>]] = [:]

    public init() {}

    /// How many rows were found (owned and related).
    public var found: Int { owned.values.reduce(0) { $0 + $1.count } + related.values.reduce(0) { $0 + $1.count } }
}

/// Finds a subject's rows in one database through its dataset, in the order the reachability rules give: identity
/// matches, then references followed inwards to a fixed point, then one step outwards for related rows, then (for
/// erasure) who else points to those.
public enum SubjectSearch {
    /// How many values one statement matches at most.
    static let batch = 500

    /// The columns read from `name`: its key, identities, references, personal fields and every column another
    /// collection points to.
    public static func columns(of name: String, in dataset: Dataset) -> [String] {
        let collection = dataset.collections[name]!
        var columns = Set(collection.primaryKey).union(collection.references.keys).union(collection.fields.keys)
        for identity in collection.identities.values { columns.formUnion(identity) }
        for other in dataset.collections.values {
            for reference in other.references.values where reference.collection == name { columns.insert(reference.column) }
        }
        return columns.sorted()
    }

    /// An identity value as it is compared: e-mail addresses trimmed and lower-cased, others as given.
    public static func normalised(_ value: String, type: String) -> String {
        type == "email" ? value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() : value
    }

    /// The key of `row` in `collection`.
    public static func key(_ row: ConnectorRow, _ collection: DatasetCollection) -> RowKey {
        collection.primaryKey.map { (row[$0] ?? nil) ?? "" }
    }

    /// The subject's rows for `identities` (identity type → value); `sharing` also asks who else points to the
    /// related rows (erasure needs it, access does not).
    public static func find(
        _ identities: [String: String], in dataset: Dataset, tables: some ConnectorTables, sharing: Bool
    ) async throws -> SubjectRows {
        var result = SubjectRows()
        func fetch(_ name: String, _ column: String, _ values: [String], normalised: Bool = false, columns: [String]? = nil)
            async throws -> [ConnectorRow]
        {
            var rows: [ConnectorRow] = []
            var start = 0
            while start < values.count {
                let chunk = Array(values[start..<min(start + batch, values.count)])
                rows += try await tables.rows(
                    of: name, where: column, in: chunk, normalised: normalised, columns: columns ?? Self.columns(of: name, in: dataset))
                start += batch
            }
            return rows
        }
        func own(_ rows: [ConnectorRow], _ name: String) -> Bool {
            let collection = dataset.collections[name]!
            var grew = false
            for row in rows where result.owned[name]?[key(row, collection)] == nil {
                result.owned[name, default: [:]][key(row, collection)] = row
                grew = true
            }
            return grew
        }
        for name in dataset.names {
            let collection = dataset.collections[name]!
            for type in collection.identities.keys.sorted() {
                guard let value = identities[type].map({ normalised($0, type: type) }), !value.isEmpty else { continue }
                for column in collection.identities[type]! {
                    _ = own(try await fetch(name, column, [value], normalised: type == "email"), name)
                }
            }
        }
        // Inwards: every row pointing to an owned row is owned, until nothing new is found.
        var asked = Set<String>()
        var grew = true
        while grew {
            grew = false
            for name in dataset.names {
                let collection = dataset.collections[name]!
                for column in collection.references.keys.sorted() {
                    let reference = collection.references[column]!
                    let values = Set((result.owned[reference.collection] ?? [:]).values.compactMap { $0[reference.column] ?? nil })
                        .filter { asked.insert("\(name)\u{0}\(column)\u{0}\($0)").inserted }.sorted()
                    guard !values.isEmpty else { continue }
                    if own(try await fetch(name, column, values), name) { grew = true }
                }
            }
        }
        // Outwards, one step: what owned rows point to (not through include: false) and is not owned.
        for name in dataset.names {
            let collection = dataset.collections[name]!
            for column in collection.references.keys.sorted() {
                let reference = collection.references[column]!
                guard reference.include, let target = dataset.collections[reference.collection] else { continue }
                let ownedTargets = Set((result.owned[reference.collection] ?? [:]).values.compactMap { $0[reference.column] ?? nil })
                let values = Set((result.owned[name] ?? [:]).values.compactMap { $0[column] ?? nil }).subtracting(ownedTargets).sorted()
                guard !values.isEmpty else { continue }
                for row in try await fetch(reference.collection, reference.column, values) {
                    let rowKey = key(row, target)
                    if result.owned[reference.collection]?[rowKey] == nil { result.related[reference.collection, default: [:]][rowKey] = row }
                }
            }
        }
        if sharing { try await markShared(&result, in: dataset, fetch: fetch) }
        return result
    }

    /// Marks the related rows that a row outside the subject's owned rows points to (through any reference).
    static func markShared(
        _ result: inout SubjectRows, in dataset: Dataset,
        fetch: (String, String, [String], Bool, [String]?) async throws -> [ConnectorRow]
    ) async throws {
        for target in result.related.keys.sorted() {
            let rows = result.related[target]!
            for name in dataset.names {
                let collection = dataset.collections[name]!
                for column in collection.references.keys.sorted() where collection.references[column]!.collection == target {
                    let pointed = collection.references[column]!.column
                    let values = Set(rows.values.compactMap { $0[pointed] ?? nil }).sorted()
                    guard !values.isEmpty else { continue }
                    let pointers = try await fetch(name, column, values, false, Array(Set(collection.primaryKey + [column])).sorted())
                    for pointer in pointers where result.owned[name]?[key(pointer, collection)] == nil {
                        guard let value = pointer[column] ?? nil else { continue }
                        for (rowKey, row) in rows where (row[pointed] ?? nil) == value {
                            result.shared[target, default: [:]][rowKey, default: []].insert(name)
                        }
                    }
                }
            }
        }
    }
}
