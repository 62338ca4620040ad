import AccordCore
import Foundation
import Testing

/// What every store keeps of a key beyond its hash: expiry, creator, and its last use, recorded at most once a
/// minute. Each case uses keys of its own.
public enum APIKeyDetailsContract {
    public static let cases: [ContractCase] = [
        ContractCase(name: "expiryAndCreatorReadBackAndRevokedKeysKeepThem") { store in
            let created = Date(millisecondsSince1970: 1_790_000_000_123)
            let key = APIKey.generate(
                name: "expiring", scopes: [.consentsRead], at: created, expiresAt: created.addingTimeInterval(86_400), createdBy: "user:a@b.example"
            ).key
            let plain = APIKey.generate(name: "plain", scopes: [.admin], at: created).key
            try await store.saveAPIKey(key)
            try await store.saveAPIKey(plain)
            #expect(try await store.apiKey(hash: key.hash) == key)
            #expect(try await store.apiKey(hash: plain.hash) == plain)
            #expect(try await store.apiKey(hash: plain.hash)?.expiresAt == nil)
            #expect(try await store.revokeAPIKeys(prefix: key.prefix) == [key])
        },
        ContractCase(name: "lastUseIsRecordedAtMostOnceAMinute") { store in
            let start = Date(millisecondsSince1970: 1_790_000_000_000)
            let key = APIKey.generate(name: "busy", scopes: [.consentsRead], at: start).key
            try await store.saveAPIKey(key)
            #expect(try await store.apiKey(hash: key.hash)?.lastUsedAt == nil)
            try await store.markAPIKeyUsed(hash: key.hash, at: start.addingTimeInterval(5))
            try await store.markAPIKeyUsed(hash: key.hash, at: start.addingTimeInterval(30))
            #expect(try await store.apiKey(hash: key.hash)?.lastUsedAt == start.addingTimeInterval(5))
            try await store.markAPIKeyUsed(hash: key.hash, at: start.addingTimeInterval(65))
            #expect(try await store.apiKey(hash: key.hash)?.lastUsedAt == start.addingTimeInterval(65))
            // An unknown hash is nothing to record.
            try await store.markAPIKeyUsed(hash: String(repeating: "0", count: 64), at: start)
        },
    ]
}
