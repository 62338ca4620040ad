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
