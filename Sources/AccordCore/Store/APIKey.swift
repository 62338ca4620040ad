import Crypto
import Foundation

/// An API key as stored: its SHA-256 hash, never the key itself.
public struct APIKey: Hashable, Sendable, Codable {
    /// What a key may do. Each route group requires one scope; `admin` passes every check (`allows(_:)`).
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        /// Reading consent: subjects' states and histories, consent checks and consent-string decoding.
        case consentsRead = "consents:read"
        /// Recording and withdrawing consent for any subject and source, beyond what a keyless browser may claim.
        case consentsWrite = "consents:write"
        /// Reading the server's metrics (`GET /metrics`), and nothing else: for a Prometheus scraper.
        case metricsRead = "metrics:read"
        /// Everything, including configuration.
        case admin

        /// By raw value, so listings and stored scope sets read in one stable order.
        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The first characters of the key, safe to show in listings and logs.
    public var prefix: String
    /// The label given when the key was created, shown in listings; it plays no part in authentication.
    public var name: String
    /// What the key grants; check with `allows(_:)`, which also honours `admin`.
    public var scopes: Set<Scope>
    /// When the key was generated; `KeyStore.apiKeys()` lists keys oldest first by it.
    public var createdAt: Date
    /// Hex SHA-256 of the full key. Keys carry 256 random bits, so a fast hash is enough (no bcrypt needed).
    public var hash: String
    /// When the key stops working, if it was given an expiry; from then on it is refused like a revoked key.
    public var expiresAt: Date?
    /// Who created it (`user:<address>`, `cli`, `key:<prefix>`, `bootstrap`), when known.
    public var createdBy: String?
    /// When it last authenticated a request, recorded at most once a minute per key; nil if never.
    public var lastUsedAt: Date?

    /// A key as stored or imported; new keys come from `generate(name:scopes:at:)`, which also returns the token.
    public init(
        prefix: String, name: String, scopes: Set<Scope>, createdAt: Date, hash: String, expiresAt: Date? = nil,
        createdBy: String? = nil, lastUsedAt: Date? = nil
    ) {
        self.prefix = prefix
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.hash = hash
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.lastUsedAt = lastUsedAt
    }

    /// Whether the key has expired at `time`.
    public func isExpired(at time: Date) -> Bool {
        expiresAt.map { $0 <= time } ?? false
    }

    /// Whether the key grants `scope`, directly or through `admin`.
    public func allows(_ scope: Scope) -> Bool {
        scopes.contains(scope) || scopes.contains(.admin)
    }

    /// Creates a new random key; the returned token is shown once and never stored.
    public static func generate(
        name: String, scopes: Set<Scope>, at time: Date, expiresAt: Date? = nil, createdBy: String? = nil
    ) -> (token: String, key: APIKey) {
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let token = "acc_" + Base64URL.encode(random)
        let key = APIKey(
            prefix: String(token.prefix(10)), name: name, scopes: scopes, createdAt: time.truncatedToMilliseconds, hash: hash(of: token),
            expiresAt: expiresAt?.truncatedToMilliseconds, createdBy: createdBy)
        return (token, key)
    }

    /// Hex SHA-256 of a presented token: the value `KeyStore.apiKey(hash:)` looks the key up by.
    public static func hash(of token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }

    /// Parses `consents:read,consents:write` (any of `consents:read`, `consents:write`, `metrics:read`, `admin`).
    public static func parseScopes(_ text: String) -> Result<Set<Scope>, ScopeParseError> {
        var scopes = Set<Scope>()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let scope = Scope(rawValue: part) else { return .failure(ScopeParseError(scope: part)) }
            scopes.insert(scope)
        }
        return scopes.isEmpty ? .failure(ScopeParseError(scope: "")) : .success(scopes)
    }

    /// The scope text `parseScopes(_:)` could not accept.
    public struct ScopeParseError: Error, Hashable, Sendable {
        /// The first unknown scope as written; empty when the text named no scope at all.
        public var scope: String
    }
}
