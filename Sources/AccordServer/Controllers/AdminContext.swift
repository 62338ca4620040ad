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
