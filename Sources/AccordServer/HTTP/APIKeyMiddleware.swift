import AccordCore
import Foundation
import Hummingbird
import Synchronization

/// Authenticates `Authorization: Bearer <key>` and puts the key on the context. A presented key that is
/// unknown is refused outright (401), even on public routes, so a misconfigured client notices at once.
/// Failed keys count against the client address (`FailedKeyLimit`); past the limit, keys are not even looked up.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let keys: APIKeyCache
    let failures: FailedKeyLimit
    let addresses: ClientAddressResolver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let authorization = request.headers[.authorization] else { return try await next(request, context) }
        let address = addresses.address(of: request, context: context) ?? "unknown"
        if let wait = failures.wait(address) { throw FailedKeyLimit.error(wait: wait) }
        let token =
            authorization.count > 7 && authorization.prefix(7).lowercased() == "bearer "
            ? String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        guard let token, let key = try await keys.key(for: token) else {
            if let wait = failures.recordFailure(address) { throw FailedKeyLimit.error(wait: wait) }
            throw APIError.unauthorized
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}

/// Looks API keys up by hash, remembering answers briefly: the check endpoint is called at high rates
/// and the key table rarely changes. Unknown keys are remembered too, so a flood of bad keys stays cheap.
final class APIKeyCache: Sendable {
    private let store: any KeyStore
    /// By the key's SHA-256 hash; nil for a hash no key has.
    private let entries: ExpiringCache<String, APIKey?>

    /// Five seconds: a key revoked on another instance is refused here within that time.
    init(store: any KeyStore, lifetime: Duration = .seconds(5), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.entries = ExpiringCache(lifetime: lifetime, now: now)
    }

    /// Drops what is remembered for a key: a key revoked on this instance is refused at once.
    func forget(hash: String) {
        entries.expire(hash)
    }

    func key(for token: String) async throws -> APIKey? {
        let hash = APIKey.hash(of: token)
        return try await entries.value(for: hash) { try await store.apiKey(hash: hash) }
    }
}
