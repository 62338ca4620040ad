import AccordCore
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}

/// The property's origin rule, applied to browser calls.
enum CORS {
    /// Returns the CORS headers for an allowed origin, or throws 403.
    static func check(_ request: Request, property: Property) throws -> HTTPFields {
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
