import Crypto
import Foundation

/// The per-request secrets of the `hash` and `hmac` strategies: made at random for each run and never stored, so
/// the same value hashes differently in two requests and no stored salt helps guess an erased value back.
public struct ErasureSecrets: Sendable {
    public var salt: [UInt8]
    public var hmacKey: [UInt8]

    public init(salt: [UInt8], hmacKey: [UInt8]) {
        self.salt = salt
        self.hmacKey = hmacKey
    }

    /// Fresh random secrets.
    public static func random() -> ErasureSecrets {
        var generator = SystemRandomNumberGenerator()
        return ErasureSecrets(
            salt: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) },
            hmacKey: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The value `strategy` writes over `original`; nil for `keep`.
    public func erased(_ original: String, by strategy: EraseStrategy) -> String?? {
        switch strategy {
        case .keep: return nil
        case .null: return .some(nil)
        case .fixed(let text): return .some(text)
        case .hash: return .some(SHA256.hash(data: salt + Array(original.utf8)).hexString)
        case .hmac:
            return .some(Data(HMAC<SHA256>.authenticationCode(for: Array(original.utf8), using: SymmetricKey(data: hmacKey))).hexString)
        case .random: return .some(Self.scrambled(original))
        }
    }

    /// Random characters of the same class in the same places (digits, lower- and upper-case letters; anything else
    /// kept), so the result fits the column's length and format checks.
    static func scrambled(_ text: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789"), lower = Array("abcdefghijklmnopqrstuvwxyz"), upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String(
            text.map { character -> Character in
                if character.isASCII && character.isNumber { return digits.randomElement(using: &generator)! }
                if character.isASCII && character.isLowercase { return lower.randomElement(using: &generator)! }
                if character.isASCII && character.isUppercase { return upper.randomElement(using: &generator)! }
                if character.isLetter { return lower.randomElement(using: &generator)! }
                return character
            })
    }
}

/// Rows left untouched because rows outside the subject's point to them.
public struct SharedRows: Sendable, Hashable, Codable {
    public var collection: String
    public var rows: Int
    /// Why, without values: which collections' other rows point to them.
    public var reason: String

    public init(collection: String, rows: Int, reason: String) {
        self.collection = collection
        self.rows = rows
        self.reason = reason
    }
}

/// Rows kept, their personal fields masked, under a retention exemption.
public struct RetainedRows: Sendable, Hashable, Codable {
    public var collection: String
    public var rows: Int
    public var exemption: RetentionExemption
    public var note: String?

    public init(collection: String, rows: Int, exemption: RetentionExemption, note: String?) {
        self.collection = collection
        self.rows = rows
        self.exemption = exemption
        self.note = note
    }
}

/// What erasure does to a subject's rows in one system, decided before anything is written (pure).
public struct ErasurePlan: Sendable, Hashable {
    /// What happens to one row.
    public enum Action: Sendable, Hashable {
        case delete
        /// Columns and the values written over them (empty: nothing left to erase).
        case mask([String: String?])
    }

    /// One row's change, in the order they run: collections in erasure order (children before parents).
    public struct Step: Sendable, Hashable {
        public var collection: String
        public var key: [String: String]
        public var action: Action
        /// Kept under the collection's retention exemption.
        public var retained: Bool
    }

    public var steps: [Step] = []
    public var shared: [SharedRows] = []
    public var retained: [RetainedRows] = []
    /// `collection.column` → strategy name, for every column the plan erases.
    public var strategies: [String: String] = [:]

    /// The plan for `rows`: owned and unshared related rows are deleted or masked by their collection's `onErase`;
    /// retained collections are masked; a row that a staying row points to is masked instead of deleted, so no
    /// reference is left dangling (recorded in `retained` with the pointing collection's exemption when that one is
    /// retained); shared rows are left as they are. A masked row whose own masking sets a reference column to NULL
    /// (`erase: "null"`) no longer points anywhere through it, so the row it pointed to follows its own `onErase`:
    /// children are visited before parents, so the NULL is written before the parent is deleted.
    public static func make(_ rows: SubjectRows, dataset: Dataset, order: [String], secrets: ErasureSecrets) -> ErasurePlan {
        var plan = ErasurePlan()
        // (collection, column, value) that a staying row points to → the collections of the rows pointing.
        var pinned: [[String]: Set<String>] = [:]
        func stays(_ row: ConnectorRow, of name: String, releasing released: Set<String> = []) {
            for (column, reference) in dataset.collections[name]!.references where !released.contains(column) {
                if let value = row[column] ?? nil { pinned[[reference.collection, reference.column, value], default: []].insert(name) }
            }
        }
        for name in rows.shared.keys {
            for key in rows.shared[name]!.keys { if let row = rows.related[name]?[key] { stays(row, of: name) } }
        }
        for name in order {
            let collection = dataset.collections[name]!
            let shared = rows.shared[name] ?? [:]
            var candidates = rows.owned[name] ?? [:]
            for (key, row) in rows.related[name] ?? [:] where shared[key] == nil { candidates[key] = row }
            var retainedCount = 0
            var heldBy: [String: Int] = [:]
            for key in candidates.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                let row = candidates[key]!
                let pointers = Set(row.keys).reduce(into: Set<String>()) { found, column in
                    if let value = row[column] ?? nil { found.formUnion(pinned[[name, column, value]] ?? []) }
                }
                let keyColumns = Dictionary(uniqueKeysWithValues: zip(collection.primaryKey, key))
                if collection.retain == nil && collection.onErase == .delete && pointers.isEmpty {
                    plan.steps.append(Step(collection: name, key: keyColumns, action: .delete, retained: false))
                    continue
                }
                var values: [String: String?] = [:]
                for (column, field) in collection.fields where !collection.primaryKey.contains(column) {
                    guard let original = row[column] ?? nil, let value = secrets.erased(original, by: field.effectiveErase) else { continue }
                    values[column] = value
                    plan.strategies["\(name).\(column)"] = field.effectiveErase.name
                }
                plan.steps.append(Step(collection: name, key: keyColumns, action: .mask(values), retained: collection.retain != nil))
                if collection.retain != nil { retainedCount += 1 }
                if collection.retain == nil && collection.onErase == .delete {
                    for pointer in pointers where dataset.collections[pointer]?.retain != nil { heldBy[pointer, default: 0] += 1 }
                }
                let released = Set(collection.references.keys.filter { values[$0] == .some(nil) })
                stays(row, of: name, releasing: released)
            }
            if let retain = collection.retain, retainedCount > 0 {
                plan.retained.append(RetainedRows(collection: name, rows: retainedCount, exemption: retain.exemption, note: retain.note))
            }
            for pointer in heldBy.keys.sorted() {
                let retain = dataset.collections[pointer]!.retain!
                plan.retained.append(
                    RetainedRows(
                        collection: name, rows: heldBy[pointer]!, exemption: retain.exemption,
                        note: "masked, not deleted: retained rows of \(pointer) point to them (erase its reference with \"null\" to release them)"))
            }
            if !shared.isEmpty {
                let pointers = Set(shared.values.flatMap { $0 }).sorted().joined(separator: ", ")
                plan.shared.append(
                    SharedRows(
                        collection: name, rows: shared.count,
                        reason: "also referenced by rows of \(pointers) that are not this subject's; left untouched"))
            }
        }
        return plan
    }
}
