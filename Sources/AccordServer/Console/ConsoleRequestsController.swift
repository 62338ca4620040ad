import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Data-subject requests in the console: the queue by due date with its filters, and a request's page. Owners,
/// agents and auditors read them; owners and agents act (assign, note, move, extend, record a verification), each
/// through `RequestDesk` and `RequestFulfilment` as the admin API does, audited under the user's address.
struct ConsoleRequestsController {
    let desk: RequestDesk
    let fulfilment: RequestFulfilment
    let configuration: any ConfigurationStore
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    /// How many requests the queue lists a page.
    static let pageSize = 100

    func register(reading: RouterGroup<ConsoleSubjectsContext>, acting: RouterGroup<ConsoleRequestsContext>) {
        reading.get("/console/requests", use: queue)
        reading.get("/console/requests/:property/:request", use: page)
        acting.post("/console/requests/:property/:request/assign", use: assign)
        acting.post("/console/requests/:property/:request/notes", use: note)
        acting.post("/console/requests/:property/:request/transitions", use: transition)
        acting.post("/console/requests/:property/:request/extend", use: extend)
        acting.post("/console/requests/:property/:request/verification", use: verification)
        acting.post("/console/requests/:property/:request/pause", use: pause)
        acting.post("/console/requests/:property/:request/resume", use: resume)
        reading.get("/console/requests/export", use: export)
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    ) -> Response {
        forms.page(context, section: "/console/requests", status: status, pages: pages, build)
    }

    // MARK: The queue

    @Sendable func queue(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let all = try await configuration.properties().filter { !$0.isArchived }
        let query = request.uri.queryParameters
        let wanted = query["property"].map(String.init)
        guard let property = all.first(where: { $0.id.rawValue == wanted }) ?? (wanted == nil ? all.first : nil) else {
            throw ConsoleRefusal.notFound
        }
        var filter = RequestFilter()
        var errors: [String: String] = [:]
        let text = { (name: String) -> String in (query[name[...]].map(String.init) ?? "").trimmingCharacters(in: .whitespaces) }
        if !text("status").isEmpty {
            filter.status = RequestStatus(rawValue: text("status"))
            if filter.status == nil { errors["status"] = "Choose a status from the list." }
        }
        if !text("type").isEmpty {
            filter.type = RequestType(rawValue: text("type"))
            if filter.type == nil { errors["type"] = "Choose a type from the list." }
        }
        let law = text("law")
        let assignee = text("assignee")
        if law.utf8.count > 64 { errors["law"] = "A law is at most 64 characters, such as gdpr or ccpa." } else if !law.isEmpty { filter.law = law }
        if assignee.utf8.count > 254 {
            errors["assignee"] = "An assignee is at most 254 characters."
        } else if !assignee.isEmpty {
            filter.assignee = assignee
        }
        let cursor = query["cursor"].flatMap { RequestCursor(text: String($0)) }
        let found = try await desk.store.requests(in: property, filter: filter, after: cursor, limit: Self.pageSize, now: desk.now())
        var nextHref: String?
        if found.count == Self.pageSize, let last = found.last {
            var items = [URLQueryItem(name: "property", value: property.id.rawValue)]
            for (name, value) in [
                ("status", filter.status?.rawValue), ("type", filter.type?.rawValue), ("law", filter.law), ("assignee", filter.assignee),
            ] {
                if let value { items.append(URLQueryItem(name: name, value: value)) }
            }
            items.append(URLQueryItem(name: "cursor", value: RequestCursor(after: last).text))
            var components = URLComponents()
            components.queryItems = items
            nextHref = "/console/requests?" + (components.percentEncodedQuery ?? "")
        }
        let now = desk.now()
        let views = found.map { RequestView($0, details: nil, timeline: nil, now: now, calendar: property.deadlineCalendar) }
        return render(context, status: errors.isEmpty ? .ok : .unprocessableContent) { _, chrome in
            .requestsPage(
                property: property, properties: all, requests: views, filter: filter, lawValue: law, assigneeValue: assignee,
                errors: errors, nextHref: nextHref, chrome: chrome)
        }
    }

    // MARK: One request

    private func load<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>) async throws -> (Property, PrivacyRequest) {
        guard let id = context.parameters.get("property"), let property = try await configuration.property(PropertyID(rawValue: id)),
            let requestID = context.parameters.get("request"), requestID.utf8.count <= 64,
            let stored = try await desk.store.request(requestID, in: property.id)
        else { throw ConsoleRefusal.notFound }
        return (property, stored)
    }

    private func casePage<Need: ConsoleNeed>(
        _ stored: PrivacyRequest, _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, notice: String? = nil,
        draft: ConsolePage.RequestDraft = .init()
    ) async throws -> Response {
        let details = try await desk.details(of: stored)
        let timeline = try await desk.store.requestTimeline(stored.id, in: stored.property)
        let calendar = try await configuration.property(stored.property)?.deadlineCalendar ?? DeadlineCalendar()
        var view = RequestView(stored, details: details, timeline: timeline, now: desk.now(), calendar: calendar)
        view.dataPoint = try await desk.dataPoint(of: stored)
        return render(context, status: status) { csrf, chrome in
            .requestPage(view, canAct: context.user.role.grants(.requests), csrf: csrf, chrome: chrome, notice: notice, draft: draft)
        }
    }

    @Sendable func page(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let (_, stored) = try await load(context)
        let notices = [
            "assign": "Assignee saved.", "note": "Note added.", "transition": "Status changed.", "extend": "Deadline extended.",
            "verification": "Verification recorded.", "pause": "Clock stopped.", "resume": "Clock started again.",
        ]
        return try await casePage(stored, context, notice: request.uri.queryParameters["done"].flatMap { notices[String($0)] })
    }

    /// Runs one action from a posted form: on success back to the page (303); refused, the page again with the
    /// message beside `field` (or the field the refusal names) and the values kept.
    func act(
        _ request: Request, _ context: ConsoleRequestsContext, done: String, field: String, keep: [String],
        _ action: ([String: String], Property, PrivacyRequest) async throws -> Void
    ) async throws -> Response {
        let form = try await forms.fields(of: request, context: context).compactMapValues(\.first)
        let (property, stored) = try await load(context)
        do {
            try await action(form, property, stored)
        } catch let error as RequestError {
            var draft = ConsolePage.RequestDraft(message: error.message)
            for name in keep { draft.values[name] = form[name] }
            draft.field = error.field.flatMap { ["to", "reason", "exemption"].contains($0) && field == "to" ? $0 : nil } ?? field
            let current = try await desk.store.request(stored.id, in: property.id) ?? stored
            return try await casePage(current, context, status: error.code == .concurrentChange ? .conflict : .unprocessableContent, draft: draft)
        }
        return Response(
            status: .seeOther,
            headers: [.location: ConsolePage.requestHref(property.id, stored.id) + "?done=\(done)", .cacheControl: "no-store"])
    }

    @Sendable func assign(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "assign", field: "assignee", keep: ["assignee"]) { form, property, stored in
            let text = (form["assignee"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let assignee = text.isEmpty ? nil : try RequestText.check(text, field: "assignee", limit: 254)
            _ = try await desk.assign(stored.id, in: property.id, to: assignee, actor: context.actor)
        }
    }

    @Sendable func note(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "note", field: "note", keep: ["note"]) { form, property, stored in
            let text = try RequestText.check(form["note"], field: "note")
            _ = try await desk.note(stored.id, in: property.id, text: text, actor: context.actor)
        }
    }

    @Sendable func transition(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "transition", field: "to", keep: ["to", "reason", "exemption"]) { form, property, stored in
            guard let target = RequestStatus(rawValue: form["to"] ?? "") else {
                throw RequestError(.fieldInvalid, field: "to", "Choose the status to move to.")
            }
            let exemptionText = form["exemption"] ?? ""
            let exemption = RequestExemption(rawValue: exemptionText)
            if !exemptionText.isEmpty, exemption == nil {
                throw RequestError(.fieldInvalid, field: "exemption", "Choose an exemption from the list.")
            }
            let reasonText = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let reason = reasonText.isEmpty ? nil : try RequestText.check(reasonText, field: "reason")
            try await fulfilment.prepare(stored.id, to: target, in: property, actor: context.actor)
            let moved = try await desk.transition(
                stored.id, in: property.id, to: target, reason: reason, exemption: exemption, actor: context.actor)
            // Completing an opt-out records it as the API's completion does; the console has no key, so the event
            // names the console as its key prefix.
            _ = try await fulfilment.fulfil(moved, in: property, keyPrefix: "console", actor: context.actor)
        }
    }

    @Sendable func extend(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "extend", field: "extend", keep: ["extend"]) { form, property, stored in
            let reason = try RequestText.check(form["extend"], field: "reason")
            _ = try await desk.extend(stored.id, in: property, reason: reason, actor: context.actor)
        }
    }

    @Sendable func verification(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "verification", field: "verify", keep: ["verify"]) { form, property, stored in
            let reason = try RequestText.check(form["verify"], field: "reason")
            _ = try await desk.recordVerification(
                stored.id, in: property.id, reason: reason, powerOfAttorney: form["powerOfAttorney"] == "on", actor: context.actor)
        }
    }
}
