import AccordCore
import Foundation
import Hummingbird

/// `/v1/admin/properties/{property}/purposes`: the purposes of a property's draft (scope `admin`).
struct AdminPurposesController {
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/purposes", use: list)
        router.post("/v1/admin/properties/:property/purposes", use: create)
        router.get("/v1/admin/properties/:property/purposes/:purpose", use: read)
        router.put("/v1/admin/properties/:property/purposes/:purpose", use: replace)
        router.delete("/v1/admin/properties/:property/purposes/:purpose", use: remove)
    }

    struct PurposeList: Encodable {
        var purposes: [Purpose]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        return try JSONBody.response(PurposeList(purposes: try await editor.property(context).purposes))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let purpose = try await JSONBody.decode(Purpose.self, from: request, context: context)
        if property.purpose(purpose.key) != nil { throw ConfigurationError.purposeExists(purpose.key) }
        _ = try await editor.change(property, request, context, action: "purpose.create", target: purpose.key.rawValue) {
            if $0.purpose(purpose.key) != nil { throw ConfigurationError.purposeExists(purpose.key) }
            $0.purposes.append(purpose)
        }
        return try JSONBody.response(purpose, status: .created)
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (_, purpose) = try await find(context)
        return try JSONBody.response(purpose)
    }

    /// Replaces a purpose; `isRetired: true` retires it (the only way to drop a purpose with consents).
    @Sendable func replace(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (property, existing) = try await find(context)
        let purpose = try await JSONBody.decode(Purpose.self, from: request, context: context)
        guard purpose.key == existing.key else {
            throw ConfigurationError.mismatch("key", "the body's key must be '\(existing.key)' (keys cannot be renamed)")
        }
        let action = purpose.isRetired && !existing.isRetired ? "purpose.retire" : "purpose.update"
        _ = try await editor.change(property, request, context, action: action, target: purpose.key.rawValue) { draft in
            if let index = draft.purposes.firstIndex(where: { $0.key == purpose.key }) { draft.purposes[index] = purpose }
        }
        return try JSONBody.response(purpose)
    }

    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (property, purpose) = try await find(context)
        _ = try await editor.change(property, request, context, action: "purpose.delete", target: purpose.key.rawValue) {
            $0.purposes.removeAll { $0.key == purpose.key }
            $0.consentMode[purpose.key] = nil
            $0.cookiesToDelete[purpose.key] = nil
        }
        return Response(status: .noContent)
    }

    /// The property and the purpose the path names.
    private func find(_ context: AdminRequestContext) async throws -> (Property, Purpose) {
        let property = try await editor.property(context)
        let key = try context.parameters.require("purpose")
        guard let purpose = property.purpose(PurposeKey(rawValue: key)) else { throw ConfigurationError.purposeNotFound(key) }
        return (property, purpose)
    }
}
