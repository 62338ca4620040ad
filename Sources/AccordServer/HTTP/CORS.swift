import AccordCore
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

/// The property's origin rule, applied to browser calls.
enum CORS {
    /// A keyless caller of a write, as far as its headers tell.
    enum WriteCaller {
        /// A browser on one of the property's allowed origins.
        case allowedOrigin(String)
        /// Accord's own page (the hosted preference center): allowed only with the page's form token.
        case ownPage(String)
    }

    /// Classifies a keyless write, with the CORS headers its answer carries; refuses other callers with 403.
    ///
    /// `Origin` is no proof for a non-browser client, which sets it at will: that is why keyless writes are held
    /// to anonymous visitor ids and browser sources (`KeylessPolicy`). `Sec-Fetch-Site: same-origin` alone opens
    /// nothing: Accord's own pages must also present the form token they were given.
    static func writeCaller(_ request: Request, property: Property, own: OwnOrigin) throws -> (WriteCaller, HTTPFields) {
        if let origin = request.headers[.origin], property.allows(origin: origin) {
            return (.allowedOrigin(origin), [.accessControlAllowOrigin: origin, .vary: "Origin"])
        }
        if own.isFromOwnPage(request) { return (.ownPage(own.publicOrigin), [.vary: "Origin"]) }
        _ = try check(request, property: property, relaxSameOrigin: false)
        throw APIError(.forbidden, code: "origin_not_allowed", message: "origin is not allowed for this property")
    }

    /// Returns the CORS headers for an allowed origin, or throws 403. Reads only: Accord's own pages read the
    /// public API from Accord's origin, which browsers say in `Sec-Fetch-Site`, a header scripts cannot set.
    static func check(_ request: Request, property: Property, relaxSameOrigin: Bool = true) throws -> HTTPFields {
        if relaxSameOrigin && request.headers[.secFetchSite] == "same-origin" { return [.vary: "Origin"] }
        guard let origin = request.headers[.origin] else {
            throw APIError(
                .forbidden, code: "origin_required",
                message: "calls without an API key must come from a browser on one of the property's allowed origins")
        }
        guard property.allows(origin: origin) else {
            throw APIError(.forbidden, code: "origin_not_allowed", message: "origin is not allowed for this property")
        }
        return [.accessControlAllowOrigin: origin, .vary: "Origin"]
    }
}
