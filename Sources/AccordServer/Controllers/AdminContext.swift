import AccordCore
import Foundation
import Hummingbird

/// What every admin handler starts with: the `admin` scope, the actor name for audit entries, the property.
struct AdminContext {
    let editor: ConfigurationEditor
    let actor: String

    init(_ context: AccordRequestContext, editor: ConfigurationEditor) throws {
        let key = try context.require(.admin)
        self.editor = editor
        self.actor = "key:\(key.name) (\(key.prefix))"
    }

    func property(_ context: AccordRequestContext) async throws -> Property {
        let raw = try context.parameters.require("property")
        guard let property = try await editor.store.property(PropertyID(rawValue: raw)) else {
            throw APIError.propertyNotFound(raw)
        }
        return property
    }

    /// The property about to be edited; `change` holds the edit to the request's `If-Match`.
    func propertyForEdit(_ request: Request, _ context: AccordRequestContext) async throws -> Property {
        try await property(context)
    }

    /// An edit of the property just read for it. With `If-Match` it applies only to that reading, and only if
    /// the tag names it (412 otherwise, checked after the body, so a bad body is still a 400 or 422); without,
    /// it is applied again to the newest state should another edit land first.
    func change(
        _ property: Property, _ request: Request, action: String, target: String? = nil, _ edit: (inout Property) throws -> Void
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
        return try await editor.change(
            property.id, by: actor, action: action, target: target, expected: tags == nil ? nil : property, edit)
    }
}

/// The admin API's entity tag of a property: a strong tag over its canonical JSON, sent as `ETag` with the
/// property and named in `If-Match` by a client that wants its edit to apply only to what it read.
enum PropertyTag {
    static func of(_ property: Property) -> String {
        EntityTag.strong(for: Array(AuditEntry.canonicalJSON(property).utf8))
    }

    /// The tags `If-Match` names, nil without the header. A value that is no tag simply matches nothing
    /// (RFC 9110, 13.1.1: the condition is true only if a listed tag matches), so it is a 412, not a 400.
    static func condition(_ request: Request) -> [String]? {
        guard let header = request.headers[.ifMatch] else { return nil }
        return header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
