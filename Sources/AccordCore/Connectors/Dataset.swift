/// A dataset file (issue 14 §2): how to find a person's rows in one of the organisation's databases, what each
/// personal column holds, and how to erase it. YAML in configuration as code, the same shape as JSON in the API.
/// Decoding accepts the file's short forms; `DatasetValidator` checks what decoding cannot.
public struct Dataset: Sendable, Hashable, Codable {
    /// The tables (collections), by name.
    public var collections: [String: DatasetCollection]

    public init(collections: [String: DatasetCollection]) { self.collections = collections }

    /// The collection names, sorted.
    public var names: [String] { collections.keys.sorted() }
}

/// One table of a dataset.
public struct DatasetCollection: Sendable, Hashable, Codable {
    /// The primary key's columns (one, or several for a composite key); erasure needs one.
    public var primaryKey: [String]
    /// Identity type → the columns that hold it (`email` → `["email", "alt_email"]`).
    public var identities: [String: [String]]
    /// Column → the collection column it points to.
    public var references: [String: DatasetReference]
    /// What erasure does to an owned row: delete it, or mask its personal fields (the default).
    public var onErase: EraseAction
    /// Why the rows are kept (masked, never deleted), if they are.
    public var retain: Retention?
    /// The personal columns; a column not listed is not personal data and is never read into an answer or changed.
    public var fields: [String: DatasetField]

    public init(
        primaryKey: [String] = [], identities: [String: [String]] = [:], references: [String: DatasetReference] = [:],
        onErase: EraseAction = .mask, retain: Retention? = nil, fields: [String: DatasetField] = [:]
    ) {
        self.primaryKey = primaryKey
        self.identities = identities
        self.references = references
        self.onErase = onErase
        self.retain = retain
        self.fields = fields
    }

    enum CodingKeys: String, CodingKey { case primaryKey, identities, references, onErase, retain, fields }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        primaryKey = try container.decodeIfPresent(OneOrMany.self, forKey: .primaryKey)?.values ?? []
        identities = try container.decodeIfPresent([String: OneOrMany].self, forKey: .identities)?.mapValues(\.values) ?? [:]
        references = try container.decodeIfPresent([String: DatasetReference].self, forKey: .references) ?? [:]
        onErase = try container.decodeIfPresent(EraseAction.self, forKey: .onErase) ?? .mask
        retain = try container.decodeIfPresent(Retention.self, forKey: .retain)
        fields = try container.decodeIfPresent([String: DatasetField].self, forKey: .fields) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !primaryKey.isEmpty { try container.encode(OneOrMany(primaryKey), forKey: .primaryKey) }
        if !identities.isEmpty { try container.encode(identities.mapValues(OneOrMany.init), forKey: .identities) }
        if !references.isEmpty { try container.encode(references, forKey: .references) }
        try container.encode(onErase, forKey: .onErase)
        try container.encodeIfPresent(retain, forKey: .retain)
        if !fields.isEmpty { try container.encode(fields, forKey: .fields) }
    }
}

/// A column's reference to another collection's column: `collection.column`, or
/// `{to: collection.column, include: false}` when the row pointed to is not the subject's own data.
public struct DatasetReference: Sendable, Hashable, Codable {
    /// The collection pointed to.
    public var collection: String
    /// Its column.
    public var column: String
    /// False: the row pointed to is neither disclosed nor erased (a sales agent), though rows pointing to an owned
    /// row through it still count as owned.
    public var include: Bool

    public init(collection: String, column: String, include: Bool = true) {
        self.collection = collection
        self.column = column
        self.include = include
    }

    /// `collection.column`.
    public var target: String { "\(collection).\(column)" }

    enum CodingKeys: String, CodingKey { case to, include }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = try Self.parse(text, decoder.codingPath)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let target = try container.decode(String.self, forKey: .to)
        self = try Self.parse(target, decoder.codingPath + [CodingKeys.to])
        include = try container.decodeIfPresent(Bool.self, forKey: .include) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        if include {
            var container = encoder.singleValueContainer()
            try container.encode(target)
        } else {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(target, forKey: .to)
            try container.encode(false, forKey: .include)
        }
    }

    static func parse(_ text: String, _ path: [any CodingKey]) throws -> DatasetReference {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "a reference is collection.column, not '\(text)'"))
        }
        return DatasetReference(collection: String(parts[0]), column: String(parts[1]))
    }
}

/// What erasure does to an owned row.
public enum EraseAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// The row is deleted.
    case delete
    /// The row stays; its personal fields are erased by their strategies.
    case mask
}

/// Why a collection's rows are kept when their subject is erased: masked, never deleted, and the exemption
/// recorded on the request.
public struct Retention: Sendable, Hashable, Codable {
    /// The legal ground (`legalObligation`, `completingTransaction`, ...).
    public var exemption: RetentionExemption
    /// Words for the record (`"tax records, 7 years"`).
    public var note: String?

    public init(exemption: RetentionExemption, note: String? = nil) {
        self.exemption = exemption
        self.note = note
    }
}

/// The grounds on which data may be kept despite a deletion request (CCPA §1798.105(d); GDPR Art. 17(3)).
public enum RetentionExemption: String, Sendable, Hashable, Codable, CaseIterable {
    case completingTransaction, security, debugging, freeSpeech, research, internalUses, legalObligation, legalClaims,
        publicInterest
}

/// One personal column.
public struct DatasetField: Sendable, Hashable, Codable {
    /// What it holds.
    public var categories: [DataCategory]
    /// How it is erased; absent: `"null"` (a column that cannot be null must say what to do: `check` refuses it).
    public var erase: EraseStrategy?
    /// Whether it leaves the system in an access answer; absent: withheld for the categories CCPA §7024(d) names.
    public var access: FieldAccess?

    public init(categories: [DataCategory] = [], erase: EraseStrategy? = nil, access: FieldAccess? = nil) {
        self.categories = categories
        self.erase = erase
        self.access = access
    }

    enum CodingKeys: String, CodingKey { case categories, erase, access }

    /// Every member is optional (`{erase: keep}` is a whole field).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decodeIfPresent([DataCategory].self, forKey: .categories) ?? []
        erase = try container.decodeIfPresent(EraseStrategy.self, forKey: .erase)
        access = try container.decodeIfPresent(FieldAccess.self, forKey: .access)
    }

    /// The strategy erasure applies.
    public var effectiveErase: EraseStrategy { erase ?? .null }

    /// Whether the column is disclosed in an access answer.
    public var isDisclosed: Bool {
        switch access {
        case .disclose: true
        case .withhold: false
        case nil: !categories.contains(where: \.withheldByDefault)
        }
    }
}

/// Whether a column is part of an access answer.
public enum FieldAccess: String, Sendable, Hashable, Codable {
    case withhold, disclose
}

/// How a personal column is erased (issue 14 §2).
public enum EraseStrategy: Sendable, Hashable, Codable {
    /// Set to NULL.
    case null
    /// Set to this text.
    case fixed(String)
    /// SHA-256 of the value with a salt made per request (so one value hashes differently in two requests).
    case hash
    /// HMAC-SHA-256 with a key made per request.
    case hmac
    /// Random characters of the same length class.
    case random
    /// Left as it is.
    case keep

    enum CodingKeys: String, CodingKey { case fixed }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            switch text {
            case "null": self = .null
            case "hash": self = .hash
            case "hmac": self = .hmac
            case "random": self = .random
            case "keep": self = .keep
            default:
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "erase is \"null\", {fixed: TEXT}, hash, hmac, random or keep, not '\(text)'"))
            }
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = .fixed(try container.decode(String.self, forKey: .fixed))
    }

    public func encode(to encoder: any Encoder) throws {
        if case .fixed(let text) = self {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .fixed)
            return
        }
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    /// `null`, `fixed`, `hash`, `hmac`, `random`, `keep`: what evidence records (never the fixed text itself).
    public var name: String {
        switch self {
        case .null: "null"
        case .fixed: "fixed"
        case .hash: "hash"
        case .hmac: "hmac"
        case .random: "random"
        case .keep: "keep"
        }
    }
}

/// A string or a list of strings (`primaryKey: id` or `primaryKey: [order_id, line]`).
struct OneOrMany: Codable, Hashable {
    var values: [String]

    init(_ values: [String]) { self.values = values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            values = [one]
        } else {
            values = try container.decode([String].self)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if values.count == 1 { try container.encode(values[0]) } else { try container.encode(values) }
    }
}
