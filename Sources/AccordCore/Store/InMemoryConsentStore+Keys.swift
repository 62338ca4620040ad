import Foundation
import Synchronization

/// `KeyStore` in memory: API keys by hash and the server's named secrets.
extension InMemoryConsentStore {
    /// `KeyStore`: stores the key under its hash.
    public func saveAPIKey(_ key: APIKey) async throws {
        contents.withLock { $0.apiKeys[key.hash] = key }
    }

    /// `KeyStore`: the key with this SHA-256 hash, or nil.
    public func apiKey(hash: String) async throws -> APIKey? {
        contents.withLock { $0.apiKeys[hash] }
    }

    /// `KeyStore`: deletes the keys with this prefix.
    public func revokeAPIKeys(prefix: String) async throws -> [APIKey] {
        contents.withLock { contents in
            let revoked = contents.apiKeys.values.filter { $0.prefix == prefix }
            for key in revoked { contents.apiKeys[key.hash] = nil }
            return revoked.sorted { $0.hash < $1.hash }
        }
    }

    /// `KeyStore`: at most one recorded use a minute.
    public func markAPIKeyUsed(hash: String, at time: Date) async throws {
        contents.withLock { contents in
            guard var key = contents.apiKeys[hash] else { return }
            if let last = key.lastUsedAt, time.timeIntervalSince(last) < 60 { return }
            key.lastUsedAt = time.truncatedToMilliseconds
            contents.apiKeys[hash] = key
        }
    }

    /// `KeyStore`: every key, oldest first (ties by hash).
    public func apiKeys() async throws -> [APIKey] {
        contents.withLock { $0.apiKeys.values.sorted { ($0.createdAt, $0.hash) < ($1.createdAt, $1.hash) } }
    }

    /// `KeyStore`: the named secret, or nil; never creates one.
    public func existingSecret(named name: String) async throws -> [UInt8]? {
        contents.withLock { $0.secrets[name] }
    }

    /// `KeyStore`: the named secret, created with `create` under the lock on first use.
    public func secret(named name: String, create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
        contents.withLock { contents in
            if let existing = contents.secrets[name] { return existing }
            let value = create()
            contents.secrets[name] = value
            return value
        }
    }

    /// `KeyStore`: compare-and-swap on the named secret's value; false when it is no longer `expected`.
    public func replaceSecret(named name: String, expected: [UInt8], with value: [UInt8]) async throws -> Bool {
        contents.withLock { contents in
            guard contents.secrets[name] == expected else { return false }
            contents.secrets[name] = value
            return true
        }
    }
}
