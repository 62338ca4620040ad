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

    /// The property about to be edited; `change` holds the edit to the request's `If-Match`.
    func propertyForEdit(_ request: Request, _ context: AdminRequestContext) async throws -> Property {
        try await property(context)
    }

    /// An edit of the property just read for it. With `If-Match` it applies only to that reading, and only if
    /// the tag names it (412 otherwise, checked after the body, so a bad body is still a 400 or 422); without,
    /// it is applied again to the newest state should another edit land first.
    func change(
        _ property: Property, _ request: Request, _ context: AdminRequestContext, action: String, target: String? = nil,
        _ edit: (inout Property) throws -> Void
    ) async throws -> Property {
        let tags = PropertyTag.condition(request)
        if let tags {
            // A body the edit refuses is a 4xx of its own, whatever the tag: the tag is checked on a valid edit only.
            var draft = property
            try edit(&draft)
            try PropertyValidator.validate(draft)
            let tag = PropertyTag.of(property)
            guard tags.contains("*") || tags.contains(tag) else {
                throw APIError(
                    .preconditionFailed, code: "etag_mismatch",
                    message: "If-Match does not name the property's current version (ETag \(tag)); read it again and retry",
                    field: "If-Match")
            }
        }
        return try await change(
            property.id, by: context.actor, action: action, target: target, expected: tags == nil ? nil : property, edit)
    }
}
