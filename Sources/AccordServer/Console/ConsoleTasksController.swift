import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Manual tasks in the console (issue 14 §1): the open tasks of a property (the user's own first, or only theirs),
/// and a task's page with the form that completes it: a confirmation checkbox and, for an access request, a text
/// result and/or an uploaded file (`multipart/form-data`, no JavaScript needed). Owners, agents and auditors read;
/// owners and agents complete, through the same `ConnectorAnswers` as the admin API, audited under the user.
struct ConsoleTasksController {
    let answers: ConnectorAnswers
    let configuration: any ConfigurationStore
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(reading: RouterGroup<ConsoleSubjectsContext>, acting: RouterGroup<ConsoleRequestsContext>) {
        reading.get("/console/tasks", use: list)
        reading.get("/console/tasks/:property/:request/:system", use: page)
        acting.post("/console/tasks/:property/:request/:system", use: complete)
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    ) -> Response {
        forms.page(context, section: "/console/tasks", status: status, pages: pages, build)
    }

    @Sendable func list(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let all = try await configuration.properties().filter { !$0.isArchived }
        let query = request.uri.queryParameters
        let wanted = query["property"].map(String.init)
        guard let property = all.first(where: { $0.id.rawValue == wanted }) ?? (wanted == nil ? all.first : nil) else {
            throw ConsoleRefusal.notFound
        }
        let onlyMine = query["mine"] == "1"
        let tasks = try await answers.openTasks(in: property.id, assignee: onlyMine ? context.user.email : nil)
        let notice = query["done"] == "1" ? "Task completed." : nil
        return render(context) { _, chrome in
            .tasksPage(
                property: property, properties: all, tasks: tasks, user: context.user.email, onlyMine: onlyMine, chrome: chrome,
                notice: notice)
        }
    }

    private func load<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>) async throws -> (Property, ConnectorTask) {
        guard let id = context.parameters.get("property"), let property = try await configuration.property(PropertyID(rawValue: id)),
            let requestID = context.parameters.get("request"), PrivacyRequest.isWellFormedID(requestID),
            let system = context.parameters.get("system"),
            let task = try? await answers.tasks(of: requestID, in: property.id).first(where: { $0.system == system })
        else { throw ConsoleRefusal.notFound }
        return (property, task)
    }

    @Sendable func page(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let (property, task) = try await load(context)
        return render(context) { csrf, chrome in
            .taskPage(task, property: property, csrf: csrf, canAct: context.user.role.grants(.requests), chrome: chrome)
        }
    }

    /// Completes the task from the posted form; refused, the page again (422) with the message beside its field.
    @Sendable func complete(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        let limit = ConnectorAnswers.attachmentLimit + 65536
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.bodyTooLarge }
        let body = Array(buffer: try await request.body.collect(upTo: limit))
        var fields: [String: String] = [:]
        var file: ConnectorAnswers.Completion.File?
        if let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
            guard let parts = MultipartForm.parse(body, boundary: boundary) else { throw ConsoleRefusal.formExpired }
            for part in parts {
                if part.name == "file", let name = part.filename {
                    // A file input left empty is sent with an empty name and no bytes.
                    if !name.isEmpty || !part.bytes.isEmpty {
                        file = .init(name: name, contentType: part.contentType ?? "application/octet-stream", bytes: part.bytes)
                    }
                } else {
                    fields[part.name] = String(decoding: part.bytes, as: UTF8.self)
                }
            }
        } else {
            fields = FormBody.parse(String(decoding: body, as: UTF8.self)).compactMapValues(\.first)
        }
        guard let token = fields["csrf"], forms.signer.isValid(token, console: "session:" + context.session.hash, at: forms.now()) else {
            throw ConsoleRefusal.formExpired
        }
        let (property, task) = try await load(context)
        do {
            if let file, file.name.isEmpty || file.name.count > 200 || file.bytes.isEmpty {
                throw APIError.invalid("field_invalid", "Choose a file that is not empty, with a name of at most 200 characters.", field: "file")
            }
            if let file, file.bytes.count > ConnectorAnswers.attachmentLimit {
                throw APIError.invalid("field_invalid", "The file is at most 4 MiB.", field: "file")
            }
            let text = (fields["result"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let completion = ConnectorAnswers.Completion(confirmed: fields["confirmed"] == "on", result: text.isEmpty ? nil : text, file: file)
            _ = try await answers.complete(task.system, of: task.request, in: property.id, with: completion, actor: context.actor)
        } catch let error as APIError where error.status == .unprocessableContent || error.status == .conflict {
            var draft = ConsolePage.RequestDraft(message: Self.sentence(error))
            draft.values["result"] = fields["result"]
            draft.field =
                error.field.map { $0.hasPrefix("file") ? "file" : $0 }.flatMap { ["confirmed", "result", "file"].contains($0) ? $0 : nil } ?? ""
            let (_, current) = try await load(context)
            return render(context, status: error.status) { csrf, chrome in
                .taskPage(current, property: property, csrf: csrf, canAct: true, chrome: chrome, draft: draft)
            }
        }
        return Response(
            status: .seeOther,
            headers: [.location: "/console/tasks?property=\(property.id.rawValue)&done=1", .cacheControl: "no-store"])
    }

    /// The API's message as a sentence for the page.
    static func sentence(_ error: APIError) -> String {
        let text = error.message
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }
}
