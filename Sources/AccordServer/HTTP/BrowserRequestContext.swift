import AccordCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The context of the routes browsers call from a property's pages (the SDK's reads, the TCF encoder, the consent
/// write): they run behind `CORSMiddleware`, which finds the property the path names, applies its origin rule
/// and leaves what it found here.
struct BrowserRequestContext: ChildRequestContext, RemoteAddressRequestContext, KeyedRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let apiKey: APIKey?
    /// Set by `CORSMiddleware`, which every route of the browser groups runs behind.
    var grant: CORSGrant?

    init(context: AccordRequestContext) {
        self.coreContext = context.coreContext
        self.remoteAddress = context.remoteAddress
        self.apiKey = context.apiKey
    }

    var maxUploadSize: Int { AccordRequestContext.maximumBodySize }

    /// The property the path names, as the origin rule was applied for.
    var property: Property {
        get throws(APIError) { try checkedGrant().property }
    }

    /// Who makes a consent write: a keyed server, a browser on an allowed origin or Accord's own page.
    var writer: CORS.WriteCaller {
        get throws(APIError) {
            guard let writer = try checkedGrant().writer else { throw .internalError }
            return writer
        }
    }

    private func checkedGrant() throws(APIError) -> CORSGrant {
        // Only a route registered outside the browser groups could get here without the middleware: a bug.
        guard let grant else { throw .internalError }
        return grant
    }
}

/// What `CORSMiddleware` found for a browser route.
struct CORSGrant: Sendable {
    let property: Property
    /// The CORS headers every answer of the route carries, errors included.
    let headers: HTTPFields
    /// For a consent write, who writes; nil on the other routes.
    let writer: CORS.WriteCaller?
}
