import AccordCore
import Hummingbird
import NIOCore

/// The context of the routes that need an API key scope (`admin`, `consents:read`, `consents:write`, `metrics:read`). It can only
/// be built from a request whose key has the scope: without a key the route answers 401, with a key lacking the
/// scope 403, before its handler runs. A handler taking it therefore cannot run for anyone else, and none has an
/// authorisation call to remember. Console sessions, when they come, will be a second credential building it.
struct ScopedRequestContext<Required: RouteScope>: ChildRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The key that opened the route; it has `Required.scope`.
    let key: APIKey

    init(context: AccordRequestContext) throws {
        self.key = try context.require(Required.scope)
        self.coreContext = context.coreContext
        self.remoteAddress = context.remoteAddress
    }

    var maxUploadSize: Int { AccordRequestContext.maximumBodySize }

    /// Who acts, as audit entries name them.
    var actor: String { "key:\(key.name) (\(key.prefix))" }
}

/// The scope a group of routes demands, as a type, so each group's context is a type of its own.
protocol RouteScope: Sendable {
    static var scope: APIKey.Scope { get }
}

enum AdminScope: RouteScope {
    static let scope = APIKey.Scope.admin
}

enum ConsentsReadScope: RouteScope {
    static let scope = APIKey.Scope.consentsRead
}

enum ConsentsWriteScope: RouteScope {
    static let scope = APIKey.Scope.consentsWrite
}

enum MetricsReadScope: RouteScope {
    static let scope = APIKey.Scope.metricsRead
}

/// `/v1/admin` and the vendor list upload: configuration, audited under the key's name.
typealias AdminRequestContext = ScopedRequestContext<AdminScope>
/// Reading subjects' consent, checks and consent string decoding.
typealias ConsentsReadRequestContext = ScopedRequestContext<ConsentsReadScope>
/// Withdrawing for a subject and making preference links (the consent write itself is a browser route).
typealias ConsentsWriteRequestContext = ScopedRequestContext<ConsentsWriteScope>
/// `GET /metrics` on the main port.
typealias MetricsReadRequestContext = ScopedRequestContext<MetricsReadScope>
