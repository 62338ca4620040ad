import AccordCore
import Foundation
import Hummingbird
import Synchronization

/// Authenticates `Authorization: Bearer <key>` and puts the key on the context. A presented key that is
/// unknown is refused outright (401), even on public routes, so a misconfigured client notices at once.
/// Failed keys count against the client address (`FailedKeyLimit`); past the limit, keys are not even looked up.
/// The one exception is the connectors' callback, whose bearer is a callback token, not a key.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let keys: APIKeyCache
    let failures: FailedKeyLimit
    let addresses: ClientAddressResolver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // A webhook connector's callback carries its own bearer token, checked by its route (ConnectorCallbackController).
        guard let authorization = request.headers[.authorization], request.uri.path != ConnectorCallbackController.path else {
            return try await next(request, context)
        }
        // The client's address (formatted from the peer, or the trusted proxy header) is worked out only when it is
        // asked for: while no address is blocked, a good key's request never needs it.
        func address() -> String { addresses.address(of: request, context: context) ?? "unknown" }
        if failures.anyBlocked, let wait = failures.wait(address()) { throw FailedKeyLimit.error(wait: wait) }
        guard let token = Self.bearerToken(authorization), let key = try await keys.key(for: token) else {
            if let wait = failures.recordFailure(address()) { throw FailedKeyLimit.error(wait: wait) }
            throw APIError.unauthorized
        }
        let now = Date()
        // Checked on every request, not cached: an expired key is refused at its expiry on every instance.
        if key.isExpired(at: now) {
            if let wait = failures.recordFailure(address()) { throw FailedKeyLimit.error(wait: wait) }
            throw APIError(.unauthorized, code: "key_expired", message: "the API key has expired; create a new one")
        }
        await keys.noteUse(of: key, at: now)
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (the scheme in any case), trimmed of the spaces and tabs around it; nil for any
    /// other value. The common header, the scheme in ASCII and a token that begins and ends with a printable ASCII
    /// character other than a space, is read from its UTF-8 bytes: nothing is trimmed and the 7 bytes are the first 7
    /// characters. Every other value is read as before, through Foundation's trimming (a tenth of the middleware
    /// chain's time on each keyed request in a profile).
    static func bearerToken(_ authorization: String) -> String? {
        let utf8 = authorization.utf8
        if utf8.count > 7, let last = utf8.last, last > 0x20, last < 0x7F {
            var index = utf8.startIndex
            var plain = true
            for expected in "bearer ".utf8 {
                let byte = utf8[index]
                // ASCII letters lower-cased by setting 0x20; the space must be a space.
                guard byte < 0x80, (byte | (expected == 0x20 ? 0 : 0x20)) == expected else {
                    plain = false
                    break
                }
                index = utf8.index(after: index)
            }
            if plain, utf8[index] > 0x20, utf8[index] < 0x7F {
                return String(authorization[index...])
            }
        }
        return authorization.count > 7 && authorization.prefix(7).lowercased() == "bearer "
            ? String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
    }
}

/// Looks API keys up by hash, remembering answers briefly: the check endpoint is called at high rates
/// and the key table rarely changes. Unknown keys are remembered too, so a flood of bad keys stays cheap.
final class APIKeyCache: Sendable {
    private let store: any KeyStore
    /// By the key's SHA-256 hash; nil for a hash no key has.
    private let entries: ExpiringCache<String, APIKey?>
    /// When this instance last recorded each key's use, by hash: a busy key costs one write a minute.
    private let recorded = Mutex([String: Date]())

    /// Five seconds: a key revoked on another instance is refused here within that time.
    init(store: any KeyStore, lifetime: Duration = .seconds(5), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.entries = ExpiringCache(lifetime: lifetime, now: now)
    }

    /// Drops what is remembered for a key: a key revoked on this instance is refused at once.
    func forget(hash: String) {
        entries.expire(hash)
    }

    /// Records a key's use in the store, at most once a minute per key from this instance (the store also
    /// refuses a second record within the minute, for several instances). A failed write never fails the request.
    func noteUse(of key: APIKey, at time: Date) async {
        let due = recorded.withLock { recorded in
            if let last = recorded[key.hash] ?? key.lastUsedAt, time.timeIntervalSince(last) < 60 { return false }
            recorded[key.hash] = time
            return true
        }
        if due { try? await store.markAPIKeyUsed(hash: key.hash, at: time) }
    }

    func key(for token: String) async throws -> APIKey? {
        let hash = APIKey.hash(of: token)
        return try await entries.value(for: hash) { try await store.apiKey(hash: hash) }
    }
}
