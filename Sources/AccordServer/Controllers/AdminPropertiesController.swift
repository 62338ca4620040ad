import AccordCore
import Foundation
import Hummingbird
import NIOFoundationEssentialsCompat

/// `/v1/admin/properties`: create, read, update and archive properties (scope `admin`).
struct AdminPropertiesController {
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties", use: list)
        router.post("/v1/admin/properties", use: create)
        router.get("/v1/admin/properties/:property", use: read)
        router.patch("/v1/admin/properties/:property", use: update)
        router.delete("/v1/admin/properties/:property", use: archive)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let paging = try ListPaging(request, cursor: .propertyID)
        let limit = paging.limit
        let properties = try await editor.store.properties()
        // Properties are archived, never deleted, so a cursor handed out always names one; any other is made up.
        if let cursor = paging.cursor, !properties.contains(where: { $0.id.rawValue == cursor }) {
            throw ListPaging.cursorInvalid
        }
        let after = paging.cursor ?? ""
        let all = properties.filter { $0.id.rawValue > after }
        let page = Array(all.prefix(limit))
        return try JSONBody.response(
            CursorPage("properties", page, nextCursor: all.count > limit ? page.last?.id.rawValue : nil))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await JSONBody.decode(Property.self, from: request, context: context)
        return try JSONBody.response(try await editor.create(property, by: context.actor), status: .created)
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        return try JSONBody.response(property, headers: [.eTag: PropertyTag.of(property)])
    }

    /// Merges the body's top-level fields over the stored property (JSON merge of one level).
    @Sendable func update(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let current = try await editor.property(context)
        let patch = try await JSONBody.decode(JSONPatchObject.self, from: request, context: context)
        for key in ["id", "currentPolicyVersion", "isArchived"] where patch.fields[key] != nil {
            throw APIError.invalid("field_read_only", "\(key) cannot be changed", field: key)
        }
        let saved = try await editor.change(current, request, context, action: "property.update") { $0 = try patch.merged(over: $0) }
        return try JSONBody.response(saved, headers: [.eTag: PropertyTag.of(saved)])
    }

    @Sendable func archive(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let current = try await editor.property(context)
        let saved = try await editor.change(current, request, context, action: "property.archive") { $0.isArchived = true }
        return try JSONBody.response(saved, headers: [.eTag: PropertyTag.of(saved)])
    }
}

/// A JSON object body whose top-level fields replace those of an existing value.
struct JSONPatchObject: Decodable {
    let fields: [String: Any]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(JSONValueBox.self).value
        guard let object = value as? [String: Any] else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [], debugDescription: "an object is required"))
        }
        self.fields = object
    }

    func merged<T: Codable>(over value: T) throws -> T {
        let encoded = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value))
        guard var object = encoded as? [String: Any] else { return value }
        for (key, field) in fields { object[key] = field }
        return try JSONBody.decode(T.self, json: ByteBuffer(data: try JSONSerialization.data(withJSONObject: object)))
    }
}

/// Decodes any JSON value into Foundation's representation (for merging).
struct JSONValueBox: Decodable {
    let value: Any

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = NSNull()
        } else if let bool = try? container.decode(Bool.self) {
            value = bool
        } else if let int = try? container.decode(Int.self) {
            value = int
        } else if let double = try? container.decode(Double.self) {
            value = double
        } else if let string = try? container.decode(String.self) {
            value = string
        } else if let array = try? container.decode([JSONValueBox].self) {
            value = array.map(\.value)
        } else {
            value = try container.decode([String: JSONValueBox].self).mapValues(\.value)
        }
    }
}
