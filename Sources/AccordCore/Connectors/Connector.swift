import Foundation

/// How Accord reaches a data-map system to answer requests (issue 14 §1): a SQL database driven by a dataset,
/// a webhook, or a person.
public struct Connector: Sendable, Hashable, Codable {
    /// The kinds of connector.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case postgres, sqlite, webhook, manual
    }

    /// Which kind.
    public var kind: Kind
    /// Where the database is (postgres, sqlite): an environment variable read at use, or the value sealed by the
    /// root key, never exported.
    public var connection: ConnectionSource?
    /// Where requests are posted (webhook).
    public var url: String?
    /// How the database holds personal data (postgres, sqlite).
    public var dataset: Dataset?
    /// What the person doing a manual task is asked to do.
    public var instructions: String?
    /// Who does a manual task: a console user's e-mail address (manual).
    public var assignee: String?
    /// The `whsec_` secret requests are signed with, wrapped by the root key like webhook endpoints' (webhook).
    public var secret: [UInt8]?
    /// The secret before the last rotation, as stored, still signing beside `secret` until `previousSecretExpiresAt`.
    public var previousSecret: [UInt8]? = nil
    /// When the previous secret stops signing (24 hours after the rotation).
    public var previousSecretExpiresAt: Date? = nil

    public init(
        kind: Kind, connection: ConnectionSource? = nil, url: String? = nil, dataset: Dataset? = nil, instructions: String? = nil,
        assignee: String? = nil, secret: [UInt8]? = nil
    ) {
        self.assignee = assignee
        self.secret = secret
        self.kind = kind
        self.connection = connection
        self.url = url
        self.dataset = dataset
        self.instructions = instructions
    }

    /// Whether the kind runs SQL against a dataset.
    public var isSQL: Bool { kind == .postgres || kind == .sqlite }
}

/// Where a SQL connector's connection string comes from.
public enum ConnectionSource: Sendable, Hashable, Codable {
    /// `env:NAME`: read from the environment when used, so the value is never stored.
    case environment(String)
    /// A value sealed by the root key (`RootKey.wrap`, named per property and system); never exported or shown.
    case sealed([UInt8])

    /// Parses `env:NAME`; nil for anything else (a literal connection string, which the server seals).
    public static func environmentReference(_ text: String) -> String? {
        guard text.hasPrefix("env:") else { return nil }
        let name = String(text.dropFirst(4))
        guard !name.isEmpty, name.utf8.count <= 128, let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        return name
    }

    /// What the API and exports show: `env:NAME`, or nil for a sealed value.
    public var shown: String? {
        if case .environment(let name) = self { return "env:\(name)" }
        return nil
    }

    enum CodingKeys: String, CodingKey { case env, sealed }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .env) {
            self = .environment(name)
        } else {
            let text = try container.decode(String.self, forKey: .sealed)
            guard let bytes = Data(base64Encoded: text) else {
                throw DecodingError.dataCorruptedError(forKey: .sealed, in: container, debugDescription: "not base64")
            }
            self = .sealed([UInt8](bytes))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .environment(let name): try container.encode(name, forKey: .env)
        case .sealed(let bytes): try container.encode(Data(bytes).base64EncodedString(), forKey: .sealed)
        }
    }
}

/// A connection string Accord can open, checked for its kind: `postgres://` (or `postgresql://`) for PostgreSQL,
/// `sqlite:///absolute/path` for SQLite.
public enum ConnectionString {
    /// Nil when `text` fits `kind`, else why not.
    public static func problem(_ text: String, kind: Connector.Kind) -> String? {
        switch kind {
        case .postgres:
            guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://"), URLComponents(string: text)?.host?.isEmpty == false else {
                return "a postgres connection is postgres://user@host:port/database, or env:NAME"
            }
            return nil
        case .sqlite:
            guard let path = sqlitePath(text) else { return "a sqlite connection is sqlite:///absolute/path.sqlite, or env:NAME" }
            return path.isEmpty ? "the path is empty" : nil
        case .webhook, .manual:
            return "a \(kind.rawValue) connector has no connection"
        }
    }

    /// The file path of `sqlite:///absolute/path`; nil for anything else.
    public static func sqlitePath(_ text: String) -> String? {
        guard text.hasPrefix("sqlite:///") else { return nil }
        return String(text.dropFirst("sqlite://".count))
    }
}
