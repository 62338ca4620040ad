import AccordCore
import Foundation
import Hummingbird
import Synchronization

/// Authenticates `Authorization: Bearer <key>` and puts the key on the context. A presented key that is
/// unknown is refused outright (401), even on public routes, so a misconfigured client notices at once.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let keys: APIKeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let authorization = request.headers[.authorization] else { return try await next(request, context) }
        guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { throw APIError.unauthorized }
        let token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let key = try await keys.key(for: token) else { throw APIError.unauthorized }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}

/// Looks API keys up by hash, remembering answers briefly: the check endpoint is called at high rates
/// and the key table rarely changes. Unknown keys are remembered too, so a flood of bad keys stays cheap.
final class APIKeyCache: Sendable {
    private let store: any ConsentStore
    /// By the key's SHA-256 hash; nil for a hash no key has.
    private let entries: ExpiringCache<String, APIKey?>

    init(store: any ConsentStore, lifetime: Duration = .seconds(30), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.store = store
        self.entries = ExpiringCache(lifetime: lifetime, now: now)
    }

    func key(for token: String) async throws -> APIKey? {
        let hash = APIKey.hash(of: token)
        return try await entries.value(for: hash) { try await store.apiKey(hash: hash) }
    }
}
