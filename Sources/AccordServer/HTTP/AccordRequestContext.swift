import AccordCore
import Hummingbird
import NIOCore

/// The request context of every Accord route: the caller's address and, once authenticated, its API key.
public struct AccordRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `APIKeyMiddleware` when the request carries a valid bearer key.
    public var apiKey: APIKey?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Consent submissions are small; anything larger is refused before it is read (413).
    public var maxUploadSize: Int { 64 * 1024 }

    /// Fails with 401 when no valid key was presented, 403 when the key lacks `scope`.
    public func require(_ scope: APIKey.Scope) throws(APIError) -> APIKey {
        guard let apiKey else { throw .unauthorized }
        guard apiKey.allows(scope) else { throw .forbidden(scope) }
        return apiKey
    }
}
