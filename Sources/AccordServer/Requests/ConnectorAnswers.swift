import AccordCore
import Foundation
import HTTPTypes

/// How the systems Accord cannot run itself answer a request (issue 14 §1): a webhook connector on its callback
/// URL with its single-use token, and a person completing a manual task. Data they give for an access request
/// (the webhook's `data`, a task's text or file) is kept sealed under the requester's vault key and goes into the
/// access package. Every answer is an audit entry of the request.
struct ConnectorAnswers: Sendable {
    let fulfilment: ConnectorFulfilment
    let desk: RequestDesk
    let requests: any RequestStore
    let systems: any DataMapStore
    let attachments: any ConnectorAttachments
    let directory: SubjectDirectory
    let tokens: CallbackTokens

    /// The largest attachment kept: a task's file or a webhook's `data`.
    static let attachmentLimit = 4 << 20

    /// A callback's answer: what was recorded, and a fresh token after `inProgress`.
    struct CallbackReply: Encodable {
        var request: String
        var system: String
        var status: String
        var callback: Callback?

        struct Callback: Encodable {
            var url: String
            var token: String
        }
    }

    /// The claims of a callback token (its text from `Authorization: Bearer`) and its request, or the refusal:
    /// 401 missing or forged, 410 expired (or its request gone), 409 used or its system no longer waiting.
    func verify(token text: String?) async throws -> (CallbackToken, PrivacyRequest) {
        guard let text, !text.isEmpty else {
            throw APIError(.unauthorized, code: "callback_token_missing", message: "send the callback token as Authorization: Bearer TOKEN")
        }
        let token: CallbackToken
        do {
            token = try CallbackToken.verify(text, key: tokens.key, now: desk.now())
        } catch .forged {
            throw APIError(.unauthorized, code: "callback_token_invalid", message: "the callback token is not one this server issued")
        } catch .expired {
            throw APIError(.gone, code: "callback_token_expired", message: "the callback token expired at the request's due date")
        }
        let property = PropertyID(rawValue: token.property)
        guard let request = try await requests.request(token.request, in: property) else {
            throw APIError(.gone, code: "callback_request_gone", message: "the request of this token no longer exists")
        }
        try await checkUnused(token, of: request)
        return (token, request)
    }

    /// Records a webhook connector's answer given with a verified `token`.
    func callback(_ answer: CallbackAnswer, token: CallbackToken, request: PrivacyRequest) async throws -> CallbackReply {
        let property = request.property
        if answer.status == "completed", let data = answer.data, [.access, .portability].contains(request.type) {
            // Kept before the answer is recorded, under the token's nonce: a retry after a failure stores it once.
            try await keep(data, kind: .data, id: "att_\(token.nonce)", system: token.system, of: request)
        }
        let detail: [String: String]
        let action: RequestAudit.Action
        switch answer.status {
        case "completed":
            action = .systemAnswered
            detail = ["system": token.system, "outcome": "done", "token": token.nonce, "data": answer.data == nil ? "none" : "kept"]
                .merging(answer.reason.map { ["reason": $0] } ?? [:]) { a, _ in a }
        case "denied":
            action = .systemAnswered
            detail = ["system": token.system, "outcome": "denied", "token": token.nonce, "reason": answer.reason ?? ""]
        default:
            action = .systemInProgress
            detail = ["system": token.system, "token": token.nonce].merging(answer.reason.map { ["reason": $0] } ?? [:]) { a, _ in a }
        }
        let recorded = try await desk.change(request.id, in: property) { current, _ in
            guard current.status == .inProgress else {
                throw APIError(.conflict, code: "request_not_in_progress", message: "the request is \(current.status.rawValue), not in progress")
            }
            // Again inside the change: of two callbacks with one token at once, the second finds the first's entry.
            try await checkUnused(token, of: current)
            return RequestDesk.Step(action, actor: "system:\(token.system)", detail: detail)
        }
        var reply = CallbackReply(request: request.id, system: token.system, status: answer.status)
        if action == .systemInProgress {
            let fresh = tokens.make(for: recorded, system: token.system, now: desk.now())
            reply.callback = .init(url: tokens.callbackURL, token: fresh.text)
        } else {
            // Completes the request now when this was the last answer; a pass advancing it meanwhile is waited for
            // (a few seconds), else the service's next pass completes it.
            for _ in 0..<30 {
                if (try? await fulfilment.whileClaimed(recorded, { holder in try await fulfilment.advance(recorded, holder: holder) })) != nil {
                    break
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        return reply
    }

    /// Refuses a token already used, or for a system that is not waiting in the request's run.
    private func checkUnused(_ token: CallbackToken, of request: PrivacyRequest) async throws {
        let timeline = try await requests.requestTimeline(request.id, in: request.property)
        let answers: Set<String> = [RequestAudit.Action.systemAnswered.rawValue, RequestAudit.Action.systemInProgress.rawValue]
        if timeline.contains(where: { answers.contains($0.entry.action) && ConnectorDispatch.detail(of: $0.entry)["token"] == token.nonce }) {
            throw APIError(.conflict, code: "callback_token_used", message: "this callback token was already used; each answers once")
        }
        guard let progress = FulfilmentProgress.of(timeline), let system = progress.systems.first(where: { $0.name == token.system })
        else {
            throw APIError(.conflict, code: "system_not_waiting", message: "the request's run does not wait for \(token.system)")
        }
        guard !system.answered else {
            throw APIError(.conflict, code: "system_already_answered", message: "\(token.system) has already answered this request")
        }
    }

    /// Seals `bytes` under the requester's vault key and stores them.
    func keep(
        _ bytes: [UInt8], kind: ConnectorAttachment.Kind, id: String, system: String, name: String? = nil, contentType: String? = nil,
        of request: PrivacyRequest
    ) async throws {
        guard let sealed = try await directory.sealCopy(bytes, for: request.requester, in: request.property) else {
            throw APIError(.gone, code: "requester_erased", message: "the requester's data was erased; nothing more is kept for them")
        }
        try await attachments.saveConnectorAttachment(
            ConnectorAttachment(
                id: id, property: request.property, request: request.id, system: system, kind: kind, name: name, contentType: contentType,
                sealed: sealed, createdAt: desk.now()))
    }

    /// A webhook or manual system's part of the access package, from what it gave; files as `files/<system>/<name>`.
    func packagePart(_ system: DataSystem, of request: PrivacyRequest) async throws -> (AccessPackage.SystemPart, [String: [UInt8]]) {
        var collections: [String: CollectionData] = [:]
        var files: [String: [UInt8]] = [:]
        for item in try await attachments.connectorAttachments(of: request.id, in: request.property) where item.system == system.key {
            guard let bytes = try await directory.openCopy(item.sealed, for: request.requester, in: request.property) else { continue }
            switch item.kind {
            case .data:
                collections.merge(ConnectorData.collections(fromJSON: bytes)) { old, new in
                    CollectionData(categories: old.categories, rows: old.rows + new.rows)
                }
            case .text:
                collections.merge(ConnectorData.result(String(decoding: bytes, as: UTF8.self))) { old, new in
                    CollectionData(categories: old.categories, rows: old.rows + new.rows)
                }
            case .file:
                files["files/\(system.key)/\(AccessPackage.safeName(item.name ?? "file"))"] = bytes
            }
        }
        // Every column given is shown, under the categories the data map gives the system.
        for (name, data) in collections {
            var filled = data
            for key in Set(data.rows.flatMap(\.keys)) where filled.categories[key] == nil { filled.categories[key] = system.categories }
            collections[name] = filled
        }
        return (AccessPackage.SystemPart(system: system, collections: collections), files)
    }
}

/// A webhook connector's callback body: `{"status": "completed" | "denied" | "inProgress", "reason"?, "data"?: {...}}`.
struct CallbackAnswer: Sendable {
    var status: String
    var reason: String?
    /// The `data` object as JSON.
    var data: [UInt8]?

    /// Reads and checks a body; the error names the field.
    init(json bytes: [UInt8]) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw APIError.invalid("body_invalid", "the body must be a JSON object", field: nil)
        }
        for key in object.keys where !["status", "reason", "data"].contains(key) {
            throw APIError.invalid("field_unknown", "unknown member '\(key)'", field: key)
        }
        guard let status = object["status"] as? String, ["completed", "denied", "inProgress"].contains(status) else {
            throw APIError.invalid("field_invalid", "status must be completed, denied or inProgress", field: "status")
        }
        self.status = status
        if let reason = object["reason"], !(reason is NSNull) {
            guard let text = reason as? String, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= 2000 else {
                throw APIError.invalid("field_invalid", "reason must be a text of 1 to 2000 characters", field: "reason")
            }
            self.reason = text
        }
        if status == "denied", reason == nil {
            throw APIError.invalid("field_missing", "a denied answer gives its reason", field: "reason")
        }
        if let data = object["data"], !(data is NSNull) {
            guard data is [String: Any], let encoded = try? JSONSerialization.data(withJSONObject: data, options: [.sortedKeys]) else {
                throw APIError.invalid("field_invalid", "data must be a JSON object", field: "data")
            }
            guard status == "completed" else {
                throw APIError.invalid("field_invalid", "data comes only with a completed answer", field: "data")
            }
            self.data = Array(encoded)
        }
    }
}

/// Manual tasks: listed per request or per property (open ones, optionally one assignee's), and completed.
extension ConnectorAnswers {
    /// A request's manual tasks; 404 for an unknown request.
    func tasks(of id: String, in property: PropertyID) async throws -> [ConnectorTask] {
        guard let request = try await requests.request(id, in: property) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        let timeline = try await requests.requestTimeline(id, in: property)
        return ConnectorTask.tasks(of: request, timeline: timeline, systems: try await systems.allSystems(of: property))
    }

    /// The open tasks of the property's requests in progress, soonest due first; only `assignee`'s when given.
    func openTasks(in property: PropertyID, assignee: String?) async throws -> [ConnectorTask] {
        let map = try await systems.allSystems(of: property)
        guard map.contains(where: { $0.connector?.kind == .manual }) else { return [] }
        var tasks: [ConnectorTask] = []
        var cursor: RequestCursor?
        while true {
            let page = try await requests.requests(in: property, filter: RequestFilter(status: .inProgress), after: cursor, limit: 200)
            for request in page {
                let timeline = try await requests.requestTimeline(request.id, in: property)
                tasks += ConnectorTask.tasks(of: request, timeline: timeline, systems: map).filter {
                    $0.isOpen && (assignee == nil || $0.assignee?.lowercased() == assignee?.lowercased())
                }
            }
            guard let last = page.last, page.count == 200 else { return tasks }
            cursor = RequestCursor(due: last.effectiveDueAt?.millisecondsSince1970 ?? Int64.max, id: last.id)
        }
    }

    /// A task's completion as given: the confirmation, and for an access request a text result or a file.
    struct Completion: Sendable {
        var confirmed: Bool
        var result: String?
        var file: File?

        struct File: Sendable {
            var name: String
            var contentType: String
            var bytes: [UInt8]
        }
    }

    /// Completes the open task of `system`: checks the completion (errors name the field), keeps a result or file
    /// sealed, and records the system's answer (`manualDone`) by `actor`; the run advances at once.
    func complete(_ system: String, of id: String, in property: PropertyID, with completion: Completion, actor: String) async throws
        -> ConnectorTask
    {
        guard let task = try await tasks(of: id, in: property).first(where: { $0.system == system }) else {
            throw APIError(.notFound, code: "task_not_found", message: "the request's run has no manual task for '\(system)'", field: "system")
        }
        guard task.isOpen else {
            throw APIError(.conflict, code: "task_already_done", message: "this task was already answered (\(task.status))", field: "system")
        }
        guard completion.confirmed else {
            throw APIError.invalid("field_invalid", "confirm that the task was done", field: "confirmed")
        }
        if let result = completion.result, result.count > 10_000 {
            throw APIError.invalid("field_invalid", "the result is at most 10000 characters", field: "result")
        }
        if task.wantsResult, completion.result == nil, completion.file == nil {
            throw APIError.invalid("field_missing", "an access request's task gives what was found: a text result or a file", field: "result")
        }
        if !task.wantsResult, completion.result != nil || completion.file != nil {
            throw APIError.invalid(
                "field_invalid", "only access and portability requests keep a result; this is a \(task.requestType) request", field: "result")
        }
        guard let request = try await requests.request(id, in: property) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        if let result = completion.result {
            try await keep(Array(result.utf8), kind: .text, id: Self.newID(), system: system, of: request)
        }
        if let file = completion.file {
            try await keep(
                file.bytes, kind: .file, id: Self.newID(), system: system, name: file.name,
                contentType: file.contentType, of: request)
        }
        let given = [completion.result == nil ? nil : "a text result", completion.file == nil ? nil : "a file"].compactMap { $0 }
        let reason = "task confirmed" + (given.isEmpty ? "" : " with " + given.joined(separator: " and "))
        // `answer` claims the run: another runner advancing it now makes this a `concurrentChange` (409, retry).
        _ = try await fulfilment.answer(id, in: property, system: system, outcome: "manualDone", reason: reason, actor: actor)
        return try await tasks(of: id, in: property).first { $0.system == system } ?? task
    }
}

extension ConnectorAnswers {
    /// A random attachment id.
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "att_" + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }
}
