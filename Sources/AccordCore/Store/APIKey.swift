import Crypto
import Foundation

/// An API key as stored: its SHA-256 hash, never the key itself.
public struct APIKey: Hashable, Sendable, Codable {
    public enum Scope: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
        case consentsRead = "consents:read"
        case consentsWrite = "consents:write"
        /// Everything, including configuration.
        case admin

        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The first characters of the key, safe to show in listings and logs.
    public var prefix: String
    public var name: String
    public var scopes: Set<Scope>
    public var createdAt: Date
    /// Hex SHA-256 of the full key. Keys carry 256 random bits, so a fast hash is enough (no bcrypt needed).
    public var hash: String

    public init(prefix: String, name: String, scopes: Set<Scope>, createdAt: Date, hash: String) {
        self.prefix = prefix
        self.name = name
        self.scopes = scopes
        self.createdAt = createdAt
        self.hash = hash
    }

    public func allows(_ scope: Scope) -> Bool {
        scopes.contains(scope) || scopes.contains(.admin)
    }

    /// Creates a new random key; the returned token is shown once and never stored.
    public static func generate(name: String, scopes: Set<Scope>, at time: Date) -> (token: String, key: APIKey) {
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let token = "acc_" + Base64URL.encode(random)
        let key = APIKey(prefix: String(token.prefix(10)), name: name, scopes: scopes, createdAt: time, hash: hash(of: token))
        return (token, key)
    }

    public static func hash(of token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }

    /// Parses `consents:read,consents:write`; nil names the first unknown scope.
    public static func parseScopes(_ text: String) -> Result<Set<Scope>, ScopeParseError> {
        var scopes = Set<Scope>()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let scope = Scope(rawValue: part) else { return .failure(ScopeParseError(scope: part)) }
            scopes.insert(scope)
        }
        return scopes.isEmpty ? .failure(ScopeParseError(scope: "")) : .success(scopes)
    }

    public struct ScopeParseError: Error, Hashable, Sendable {
        public var scope: String
    }
}
