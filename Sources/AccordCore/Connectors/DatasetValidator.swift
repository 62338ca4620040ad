import Foundation

/// The rules a dataset keeps beyond its shape (issue 14 §2); each refusal names the field as a path under `prefix`
/// (`connector.dataset.collections.orders.references.customer_id`). The database itself is checked by `check`.
public enum DatasetValidator {
    /// Validates, and answers the erasure order (children before parents).
    @discardableResult
    public static func validate(_ dataset: Dataset, prefix: String = "dataset") throws(ConfigurationError) -> [String] {
        func refuse(_ path: String, _ message: String) -> ConfigurationError { .invalid("\(prefix).\(path)", message) }
        guard !dataset.collections.isEmpty else { throw refuse("collections", "a dataset names at least one collection") }
        for name in dataset.names {
            let collection = dataset.collections[name]!
            let at = "collections.\(name)"
            guard isIdentifier(name) else { throw refuse(at, "'\(name)' is not a table name (letters, digits, '_', at most 63)") }
            guard !collection.primaryKey.isEmpty else { throw refuse("\(at).primaryKey", "a collection needs its primary key") }
            for column in collection.primaryKey where !isIdentifier(column) {
                throw refuse("\(at).primaryKey", "'\(column)' is not a column name")
            }
            for type in collection.identities.keys.sorted() {
                guard isIdentityType(type) else { throw refuse("\(at).identities.\(type)", "an identity type is a lowerCamel word") }
                let columns = collection.identities[type]!
                guard !columns.isEmpty else { throw refuse("\(at).identities.\(type)", "name the column that holds it") }
                for column in columns where !isIdentifier(column) {
                    throw refuse("\(at).identities.\(type)", "'\(column)' is not a column name")
                }
            }
            for column in collection.references.keys.sorted() {
                let reference = collection.references[column]!
                let field = "\(at).references.\(column)"
                guard isIdentifier(column) else { throw refuse(field, "'\(column)' is not a column name") }
                guard dataset.collections[reference.collection] != nil else {
                    throw refuse(field, "'\(reference.target)' names no collection of this dataset")
                }
                guard isIdentifier(reference.column) else { throw refuse(field, "'\(reference.column)' is not a column name") }
            }
            if collection.retain != nil && collection.onErase == .delete {
                throw refuse("\(at).onErase", "a retained collection is masked, never deleted: use onErase: mask")
            }
            if let note = collection.retain?.note, note.count > 200 { throw refuse("\(at).retain.note", "at most 200 characters") }
            for column in collection.fields.keys.sorted() {
                let field = collection.fields[column]!
                let path = "\(at).fields.\(column)"
                guard isIdentifier(column) else { throw refuse(path, "'\(column)' is not a column name") }
                if Set(field.categories).count != field.categories.count { throw refuse("\(path).categories", "a category is listed twice") }
                if case .fixed(let text) = field.effectiveErase, text.count > 200 { throw refuse("\(path).erase.fixed", "at most 200 characters") }
                if collection.primaryKey.contains(column) && field.effectiveErase != .keep {
                    throw refuse("\(path).erase", "a primary key column is never erased: say erase: keep")
                }
                if let problem = referenceErase(field.effectiveErase, on: column, of: collection) { throw refuse("\(path).erase", problem) }
            }
        }
        if let unreachable = unreachable(dataset).first {
            throw refuse(
                "collections.\(unreachable)", "no identity column and no reference leads from a subject's rows to this collection")
        }
        switch erasureOrder(dataset) {
        case .success(let order): return order
        case .failure(let cycle):
            throw refuse("collections.\(cycle.first!).references", "the references form a cycle: \(cycle.joined(separator: " → "))")
        }
    }

    /// The collections in the order erasure visits them: every collection before the ones it points to, so no
    /// reference is left dangling; ties by name. A cycle fails with its path.
    public static func erasureOrder(_ dataset: Dataset) -> Result<[String], Cycle> {
        var remaining = Set(dataset.names)
        var order: [String] = []
        while !remaining.isEmpty {
            let pointedTo = Set(remaining.flatMap { dataset.collections[$0]!.references.values.map(\.collection) })
            let free = remaining.filter { !pointedTo.contains($0) }.sorted()
            guard !free.isEmpty else { return .failure(Cycle(path: cycle(in: dataset, among: remaining))) }
            order += free
            remaining.subtract(free)
        }
        return .success(order)
    }

    /// A reference cycle, as the collections along it, the first repeated at the end.
    public struct Cycle: Error, Hashable, Sendable {
        public let path: [String]
        public init(path: [String]) { self.path = path }
        var first: String? { path.first }
        func joined(separator: String) -> String { path.joined(separator: separator) }
    }

    /// Collections no subject's rows can reach: without identities, pointing to no owned collection and pointed to
    /// by none (a collection behind an `include: false` reference counts as reached: it is known, never disclosed).
    static func unreachable(_ dataset: Dataset) -> [String] {
        var owned = Set(dataset.names.filter { !dataset.collections[$0]!.identities.isEmpty })
        var grew = true
        while grew {
            grew = false
            for name in dataset.names where !owned.contains(name) {
                if dataset.collections[name]!.references.values.contains(where: { owned.contains($0.collection) }) {
                    owned.insert(name)
                    grew = true
                }
            }
        }
        var related = Set<String>()
        for name in owned {
            for reference in dataset.collections[name]!.references.values { related.insert(reference.collection) }
        }
        return dataset.names.filter { !owned.contains($0) && !related.contains($0) }
    }

    private static func cycle(in dataset: Dataset, among names: Set<String>) -> [String] {
        // Every remaining collection is pointed to by another remaining one, so walking from a collection to one
        // that points to it must repeat a collection; read backwards, the walk follows the references.
        let sorted = names.sorted()
        var walk = [sorted[0]]
        while true {
            let current = walk.last!
            let pointer = sorted.first { dataset.collections[$0]!.references.values.contains { $0.collection == current } }!
            if let index = walk.firstIndex(of: pointer) { return (Array(walk[index...]) + [pointer]).reversed() }
            walk.append(pointer)
        }
    }

    /// Why `strategy` cannot erase `column` when it is one of `collection`'s references: only `"null"` (which
    /// releases the row pointed to) and `keep` can; any other value would point nowhere or break a foreign key.
    static func referenceErase(_ strategy: EraseStrategy, on column: String, of collection: DatasetCollection) -> String? {
        guard let reference = collection.references[column], strategy != .null, strategy != .keep else { return nil }
        return "erase \(strategy.name) on a reference to \(reference.target) would leave it pointing nowhere or break its foreign key: "
            + "use \"null\" (releases the row it points to) or keep"
    }

    /// A table or column name Accord accepts: a letter or `_`, then letters, digits or `_`, at most 63 (PostgreSQL's
    /// limit); quoted in every statement anyway.
    public static func isIdentifier(_ name: String) -> Bool {
        guard (1...63).contains(name.utf8.count), let first = name.unicodeScalars.first else { return false }
        let letter = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    static func isIdentityType(_ name: String) -> Bool {
        guard (1...32).contains(name.utf8.count), let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
