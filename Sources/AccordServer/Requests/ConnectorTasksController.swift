import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Manual tasks in the admin API (issue 14 §1): a request's tasks, the property's open ones (one assignee's with
/// `?assignee=`), and completing one with its confirmation and, for an access request, a text result or a file
/// (base64; kept sealed and put in the access package).
struct ConnectorTasksController {
    let answers: ConnectorAnswers
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/tasks", use: open)
        router.get("/v1/admin/properties/:property/requests/:request/tasks", use: list)
        router.post("/v1/admin/properties/:property/requests/:request/tasks/:system", use: complete)
    }

    struct Tasks: Encodable {
        let tasks: [ConnectorTask]
    }

    @Sendable func open(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let assignee = request.uri.queryParameters["assignee"].map(String.init)
        if let assignee, assignee.isEmpty || assignee.count > 254 {
            throw APIError.invalid("query_invalid", "assignee is a console user's e-mail address", field: "assignee")
        }
        return try JSONBody.response(Tasks(tasks: try await answers.openTasks(in: property.id, assignee: assignee)))
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        return try JSONBody.response(Tasks(tasks: try await answers.tasks(of: id, in: property.id)))
    }

    /// `{"confirmed": true, "result"?: TEXT, "file"?: {"name", "contentType"?, "content": BASE64}}`.
    struct CompletionBody: Decodable {
        var confirmed: Bool?
        var result: String?
        var file: FileBody?

        struct FileBody: Decodable {
            var name: String
            var contentType: String?
            var content: String
        }
    }

    @Sendable func complete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let system = try context.parameters.require("system")
        let limit = ConnectorAnswers.attachmentLimit / 3 * 4 + 65536
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.bodyTooLarge }
        let buffer = try await request.body.collect(upTo: limit)
        try JSONBody.refuseDuplicateKeys(buffer)
        let body = try JSONBody.decode(CompletionBody.self, json: buffer)
        let completion = try Self.completion(body)
        let task = try await answers.complete(system, of: id, in: property.id, with: completion, actor: context.actor)
        return try JSONBody.response(task)
    }

    /// The completion a body gives; errors name the field.
    static func completion(_ body: CompletionBody) throws -> ConnectorAnswers.Completion {
        let result = body.result.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        var file: ConnectorAnswers.Completion.File?
        if let given = body.file {
            guard !given.name.isEmpty, given.name.count <= 200 else {
                throw APIError.invalid("field_invalid", "the file's name is 1 to 200 characters", field: "file.name")
            }
            let type = given.contentType ?? "application/octet-stream"
            guard type.count <= 100, type.contains("/"), !type.contains(where: { $0.isNewline }) else {
                throw APIError.invalid("field_invalid", "contentType is a media type such as application/pdf", field: "file.contentType")
            }
            guard let bytes = Data(base64Encoded: given.content), !bytes.isEmpty else {
                throw APIError.invalid("field_invalid", "content is the file's bytes in base64, not empty", field: "file.content")
            }
            guard bytes.count <= ConnectorAnswers.attachmentLimit else {
                throw APIError.invalid("field_invalid", "the file is at most 4 MiB", field: "file.content")
            }
            file = .init(name: given.name, contentType: type, bytes: Array(bytes))
        }
        return ConnectorAnswers.Completion(confirmed: body.confirmed == true, result: result, file: file)
    }
}
