import AccordCore
import Hummingbird
import NIOCore

/// The request context of every Accord route: the caller's address and, once authenticated, its API key.
/// Routes that need a credential run on a child context built from it (`ScopedRequestContext`,
/// `BrowserRequestContext`).
public struct AccordRequestContext: RequestContext, RemoteAddressRequestContext, KeyedRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `APIKeyMiddleware` when the request carries a valid bearer key.
    public var apiKey: APIKey?
    /// Set by `ConsoleSessionMiddleware` on console routes when the request carries a live session cookie.
    var console: ConsoleSignIn?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Consent submissions are small; anything larger is refused before it is read (413). Every child context
    /// keeps this limit.
    public var maxUploadSize: Int { Self.maximumBodySize }
    static let maximumBodySize = 64 * 1024
}

/// A context that may carry the API key `APIKeyMiddleware` authenticated.
protocol KeyedRequestContext: RequestContext {
    var apiKey: APIKey? { get }
}

extension KeyedRequestContext {
    /// Fails with 401 when no valid key was presented, 403 when the key lacks `scope`.
    func require(_ scope: APIKey.Scope) throws(APIError) -> APIKey {
        guard let apiKey else { throw .unauthorized }
        guard apiKey.allows(scope) else { throw .forbidden(scope) }
        return apiKey
    }
}
