import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

/// The property's origin rule, applied to browser calls by `CORSMiddleware`.
enum CORS {
    /// Who makes a consent write, as far as its credential and headers tell.
    enum WriteCaller: Sendable {
        /// A server with a `consents:write` key: held to no origin and no address limit.
        case server(APIKey)
        /// A browser on one of the property's allowed origins.
        case allowedOrigin(String)
        /// Accord's own page (the hosted preference center): allowed only with the page's form token.
        case ownPage(String)

        /// A browser's write, held to the per-address limit.
        var isKeyless: Bool {
            if case .server = self { return false }
            return true
        }
    }

    /// Classifies a consent write, with the CORS headers its answer carries. A key must have `consents:write`
    /// (403 otherwise); without one, callers other than the property's origins and Accord's own pages get 403.
    ///
    /// `Origin` is no proof for a non-browser client, which sets it at will: that is why keyless writes are held
    /// to anonymous visitor ids and browser sources (`KeylessPolicy`). `Sec-Fetch-Site: same-origin` alone opens
    /// nothing: Accord's own pages must also present the form token they were given.
    static func writeCaller(_ request: Request, context: some KeyedRequestContext, property: Property, own: OwnOrigin) throws
        -> (WriteCaller, HTTPFields)
    {
        if context.apiKey != nil { return (.server(try context.require(.consentsWrite)), [:]) }
        if let origin = request.headers[.origin], property.allows(origin: origin) {
            return (.allowedOrigin(origin), [.accessControlAllowOrigin: origin, .vary: "Origin"])
        }
        if own.isFromOwnPage(request) { return (.ownPage(own.publicOrigin), [.vary: "Origin"]) }
        throw refusal(request)
    }

    /// Returns the CORS headers for an allowed origin, or throws 403. Reads only: Accord's own pages read the
    /// public API from Accord's origin, which browsers say in `Sec-Fetch-Site`, a header scripts cannot set.
    static func check(_ request: Request, property: Property) throws -> HTTPFields {
        if request.headers[.secFetchSite] == "same-origin" { return [.vary: "Origin"] }
        if let origin = request.headers[.origin], property.allows(origin: origin) {
            return [.accessControlAllowOrigin: origin, .vary: "Origin"]
        }
        throw refusal(request)
    }

    /// Why a browser call is refused: it names no origin, or one the property does not allow.
    private static func refusal(_ request: Request) -> APIError {
        request.headers[.origin] == nil
            ? APIError(
                .forbidden, code: "origin_required",
                message: "calls without an API key must come from a browser on one of the property's allowed origins")
            : APIError(.forbidden, code: "origin_not_allowed", message: "origin is not allowed for this property")
    }
}

extension HTTPFields {
    /// Adds the CORS headers to an answer. An answer whose own `Vary` already names `Origin` keeps it as it is
    /// (the experience varies by `Sec-GPC` and the region header too).
    mutating func addCORS(_ cors: HTTPFields) {
        for field in cors {
            guard field.name == .vary else {
                self[field.name] = field.value
                continue
            }
            let varies = self[values: .vary].flatMap { $0.split(separator: ",") }
            if !varies.contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == "origin" }) { append(field) }
        }
    }
}
