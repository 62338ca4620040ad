import AccordCore
import HTTPTypes
import Hummingbird
import Synchronization

/// Who may call a route, as the group it was registered in decides. Recorded while the routes are registered, so
/// a test can walk every route of the router and prove each refuses whom it must (`RouteAccessTests`).
enum RouteAccess: Sendable, Hashable {
    /// Anyone: health, keys, the API description, the SDK and Accord's pages (which check their own forms).
    case open
    /// Browsers on a property's origins, and servers: `CORSMiddleware` applies the property's origin rule.
    case browser
    /// Only an API key with this scope (`ScopedRequestContext`).
    case scope(APIKey.Scope)
    /// Only a console session whose user's role grants this capability (`ConsoleRequestContext`).
    case console(ConsoleCapability)
}

/// The access of every registered route, by method and path.
final class RouteAccessTable: Sendable {
    private let entries = Mutex<[String: RouteAccess]>([:])

    func record(_ method: HTTPRequest.Method, _ path: RouterPath, _ access: RouteAccess) {
        entries.withLock { $0[Self.key(method, path)] = access }
    }

    /// The access the route was registered with; nil for a route registered outside the access groups.
    func access(_ method: HTTPRequest.Method, _ path: RouterPath) -> RouteAccess? {
        entries.withLock { $0[Self.key(method, path)] }
    }

    private static func key(_ method: HTTPRequest.Method, _ path: RouterPath) -> String {
        "\(method.rawValue) /" + path.components.map(\.description).joined(separator: "/")
    }
}

/// The router seen through one kind of access: routes registered here (directly, or through a group made from it,
/// such as `group(context: AdminRequestContext.self)`) go to the router and are recorded with that access.
struct AccessRoutes: RouterMethods {
    typealias Context = AccordRequestContext
    let router: Router<AccordRequestContext>
    let access: RouteAccess
    let table: RouteAccessTable

    /// Middleware belongs on the router or on a group; adding it here would apply to routes of every access.
    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        preconditionFailure("add middleware to the router or to a group")
    }

    @discardableResult func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder)
        -> Self where Responder.Context == Context
    {
        table.record(method, path, access)
        router.on(path, method: method, responder: responder)
        return self
    }
}
