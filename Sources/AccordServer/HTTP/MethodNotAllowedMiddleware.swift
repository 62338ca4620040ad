import Hummingbird
import Synchronization

/// A request for a path Accord serves, with a method it does not serve there (`TRACE /health`, `DELETE
/// /v1/properties/demo/experience`), is 405 with `Allow` naming the methods it does serve (RFC 9110 §15.5.6),
/// not 404: the resource exists. Paths Accord does not serve at all stay 404.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The router's routes, learnt once they are all registered (middleware is added before the routes).
    final class Routes: Sendable {
        private let table = Mutex<[(segments: [Substring?], methods: Set<String>)]>([])

        func learn(_ routes: [Router<Context>.RouteDescription]) {
            var byPath: [String: (segments: [Substring?], methods: Set<String>)] = [:]
            for route in routes {
                // A capture (`:property`) or wildcard matches any one segment.
                let segments: [Substring?] = route.path.components.map { component in
                    let text = component.description
                    return text.hasPrefix(":") || text.hasPrefix("{") || text.contains("*") ? nil : Substring(text)
                }
                let key = segments.map { $0.map(String.init) ?? "*" }.joined(separator: "/")
                byPath[key, default: (segments, [])].methods.insert(route.method.rawValue)
                if route.method == .get { byPath[key]?.methods.insert("HEAD") }
            }
            table.withLock { $0 = Array(byPath.values) }
        }

        /// The methods of the one route the router resolves `path` to: where a literal segment and a capture both
        /// match (`.../requests/export` and `.../requests/{request}`), the router takes the literal, so only that
        /// route's methods are served there.
        func methods(for path: String) -> Set<String> {
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            return table.withLock { table in
                let matching = table.filter { route in
                    route.segments.count == parts.count
                        && zip(route.segments, parts).allSatisfy { $0.0 == nil || $0.0 == $0.1 }
                }
                return matching.max { Self.lessSpecific($0.segments, than: $1.segments) }?.methods ?? []
            }
        }

        /// Whether `left` yields to `right`: at the first segment where one is literal and the other a capture.
        private static func lessSpecific(_ left: [Substring?], than right: [Substring?]) -> Bool {
            for (lhs, rhs) in zip(left, right) where (lhs == nil) != (rhs == nil) { return lhs == nil }
            return false
        }
    }

    let routes: Routes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // Only where the path is served, but not with this method (else the 404 was the route's own).
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            var answer = APIError(
                .methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not served at this path")
            answer.headers[.allow] = allowed.sorted().joined(separator: ", ")
            throw answer
        }
    }
}
