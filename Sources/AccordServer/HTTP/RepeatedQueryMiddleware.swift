import Foundation
import Hummingbird

/// Refuses a query that names a parameter twice (`?limit=1&limit=2`), on every route: Hummingbird hands a
/// handler the first value, while proxies, caches and other frameworks may act on the last, so one request
/// could mean two things. No Accord parameter takes several values.
struct RepeatedQueryMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if request.uri.query != nil {
            var seen: Set<String> = []
            for (raw, _) in request.uri.queryParameters {
                // Compared decoded: `locale` and `%6Cocale` are one name to anything that decodes names.
                let name = raw.removingPercentEncoding ?? String(raw)
                guard seen.insert(name).inserted else {
                    throw APIError(
                        .badRequest, code: "query_parameter_repeated", message: "the query parameter \(name) is given more than once",
                        field: name)
                }
            }
        }
        return try await next(request, context)
    }
}
