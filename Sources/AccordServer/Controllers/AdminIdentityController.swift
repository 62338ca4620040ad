import AccordCore
import Foundation
import Hummingbird

/// `POST /v1/admin/properties/{property}/identity-secret`: makes the property's identity secret, which its site's
/// backend signs identify tokens with (HS256), replacing any earlier one. Shown once; stored wrapped by the root
/// key when one is configured.
struct AdminIdentityController {
    let catalog: PropertyCatalog
    let secrets: IdentitySecrets

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.post("/v1/admin/properties/:property/identity-secret", use: create)
    }

    struct Answer: Encodable {
        var property: String
        var secret: String
        var algorithm = "HS256"
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let secret = try await secrets.rotate(property.id)
        return try JSONBody.response(Answer(property: property.id.rawValue, secret: secret), status: .created)
    }
}
