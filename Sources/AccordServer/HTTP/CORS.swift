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
    /// Returns the CORS headers for an allowed origin, or throws 403.
    static func check(_ request: Request, property: Property) throws -> HTTPFields {
        // Pages Accord serves itself (the hosted preference center) call the API from Accord's own origin;
        // browsers say so in `Sec-Fetch-Site`, a header scripts cannot set.
        if request.headers[.secFetchSite] == "same-origin" { return [.vary: "Origin"] }
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
