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
    private struct Entry {
        var key: APIKey?
        var fetchedAt: ContinuousClock.Instant
    }

    private let store: any ConsentStore
    private let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(store: any ConsentStore, lifetime: Duration = .seconds(30)) {
        self.store = store
        self.lifetime = lifetime
    }

    func key(for token: String) async throws -> APIKey? {
        let hash = APIKey.hash(of: token)
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[hash] }), now - entry.fetchedAt < lifetime { return entry.key }
        let key = try await store.apiKey(hash: hash)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = Entry(key: key, fetchedAt: now)
        }
        return key
    }
}
