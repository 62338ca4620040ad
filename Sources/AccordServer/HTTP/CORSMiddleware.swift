import AccordCore
import HTTPTypes
import Hummingbird

/// The property's origin rule for every browser route, in one place: finds the property the path names (404),
/// applies its rule (403 `origin_required` / `origin_not_allowed`), leaves both in the context, and puts the CORS
/// headers on the answer, errors included, since browsers hide an error's body from scripts without them.
/// Preflights (`OPTIONS`) are held to the rule too; their handler only adds what the route accepts.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = BrowserRequestContext

    /// The two kinds of browser route, which differ in who must show an origin.
    enum Routes: Sendable {
        /// The public reads and the TCF encoder. A GET or HEAD without `Origin` is no cross-site browser call
        /// (a server, a same-origin page, curl) and is answered like any; other methods need an allowed origin.
        /// Accord's own pages pass by `Sec-Fetch-Site: same-origin`, a header scripts cannot set.
        case reads
        /// The consent write: a `consents:write` key, or an allowed origin, or Accord's own page (`CORS.writeCaller`).
        case writes
    }

    let catalog: PropertyCatalog
    let own: OwnOrigin
    let routes: Routes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let property = try await catalog.property(try context.parameters.require("property"))
        let grant = try self.grant(request, context: context, property: property)
        var context = context
        context.grant = grant
        do {
            var response = try await next(request, context)
            response.headers.addCORS(grant.headers)
            return response
        } catch {
            var answer = APIError.from(error)
            answer.headers.addCORS(grant.headers)
            throw answer
        }
    }

    private func grant(_ request: Request, context: Context, property: Property) throws -> CORSGrant {
        if request.method == .options {
            return CORSGrant(property: property, headers: try CORS.check(request, property: property), writer: nil)
        }
        switch routes {
        case .reads:
            let anyone = (request.method == .get || request.method == .head) && request.headers[.origin] == nil
            return CORSGrant(property: property, headers: anyone ? [:] : try CORS.check(request, property: property), writer: nil)
        case .writes:
            let (writer, headers) = try CORS.writeCaller(request, context: context, property: property, own: own)
            return CORSGrant(property: property, headers: headers, writer: writer)
        }
    }
}

extension RouterMethods<BrowserRequestContext> {
    /// Answers a browser's preflight for `path`: the origin part comes from `CORSMiddleware`.
    @discardableResult func preflight(_ path: RouterPath, methods: String, headers: String) -> Self {
        on(path, method: .options) { _, _ in
            Response(
                status: .noContent,
                headers: [.accessControlAllowMethods: methods, .accessControlAllowHeaders: headers, .accessControlMaxAge: "600"])
        }
    }
}
