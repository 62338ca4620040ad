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

    /// The property about to be edited, held to the request's `If-Match` when it has one (412 when it names
    /// another version). Pass it on as the edit's `expected`, so an edit saved meanwhile is not overwritten.
    func propertyForEdit(_ request: Request, _ context: AccordRequestContext) async throws -> Property {
        let property = try await property(context)
        if let condition = request.headers[.ifMatch] {
            let tag = PropertyTag.of(property)
            let named = condition.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard named.contains("*") || named.contains(tag) else {
                throw APIError(
                    .preconditionFailed, code: "etag_mismatch",
                    message: "If-Match does not name the property's current version (ETag \(tag)); read it again and retry",
                    field: "If-Match")
            }
        }
        return property
    }

    /// An edit of the property just read for it: conditional on that reading when the request named a version
    /// (`If-Match`), else re-applied to the newest state should another edit land first.
    func change(
        _ property: Property, _ request: Request, action: String, target: String? = nil, _ edit: (inout Property) throws -> Void
    ) async throws -> Property {
        let expected = request.headers[.ifMatch] == nil ? nil : property
        return try await editor.change(property.id, by: actor, action: action, target: target, expected: expected, edit)
    }
}

/// The admin API's entity tag of a property: a strong tag over its canonical JSON, sent as `ETag` with the
/// property and named in `If-Match` by a client that wants its edit to apply only to what it read.
enum PropertyTag {
    static func of(_ property: Property) -> String {
        EntityTag.strong(for: Array(AuditEntry.canonicalJSON(property).utf8))
    }
}

/// Cursor and limit parameters shared by admin listings.
enum AdminPaging {
    static func limit(_ request: Request) throws -> Int {
        try SubjectController.limit(request)
    }

    static func cursor(_ request: Request) throws -> Int64? {
        guard let text = request.uri.queryParameters["cursor"] else { return nil }
        guard let value = Int64(String(text)), value > 0 else {
            throw APIError.invalid("cursor_invalid", "cursor must be a value returned as nextCursor", field: "cursor")
        }
        return value
    }
}
