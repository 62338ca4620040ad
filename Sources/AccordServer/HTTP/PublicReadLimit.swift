import Hummingbird

/// The per-address limit on the public reads (experience, vendor list and layer, visitor history, TCF encode):
/// anyone may call them without a key, so without a limit one client could make the server hash, encode and
/// query at will. Calls with a valid API key come from servers the operator trusts and are not limited, nor are
/// preflights, which a browser sends before a call that is counted. It runs before `CORSMiddleware`, so a
/// limited client is refused before its property is even looked up.
struct PublicReadLimit: RouterMiddleware {
    typealias Context = BrowserRequestContext
    let limiter: RateLimiter
    let addresses: ClientAddressResolver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if context.apiKey == nil, request.method != .options,
            let wait = limiter.acquire(addresses.address(of: request, context: context) ?? "unknown")
        {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many requests from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        return try await next(request, context)
    }
}
