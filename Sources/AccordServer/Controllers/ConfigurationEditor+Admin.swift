import AccordCore
import Foundation
import Hummingbird

/// The admin API's reads and edits of the property its path names. They take the admin context, which only an
/// `admin` key can build, and audit every change under that key's name.
extension ConfigurationEditor {
    func property(_ context: AdminRequestContext) async throws -> Property {
        let raw = try context.parameters.require("property")
        guard let property = try await store.property(PropertyID(rawValue: raw)) else {
            throw APIError.propertyNotFound(raw)
        }
        return property
    }

    /// An edit of the property the path names. With `If-Match`, it applies only if a named tag is the version
    /// it replaces (412 otherwise, after the body's own 400 or 422); without, it applies to the newest version.
    func change(
        _ property: Property, _ request: Request, _ context: AdminRequestContext, action: String, target: String? = nil,
        _ edit: (inout Property) throws -> Void
    ) async throws -> Property {
        let tags = PropertyTag.condition(request)
        return try await change(
            property.id, by: context.actor, action: action, target: target,
            precondition: { current in
                guard let tags else { return }
                let tag = PropertyTag.of(current)
                guard tags.contains("*") || tags.contains(tag) else {
                    throw APIError(
                        .preconditionFailed, code: "etag_mismatch",
                        message: "If-Match does not name the property's current version (ETag \(tag)); read it again and retry",
                        field: "If-Match")
                }
            }, edit)
    }
}
