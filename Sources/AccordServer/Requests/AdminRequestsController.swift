import AccordCore
import Foundation
import Hummingbird

/// The privacy team's data-subject request API (scope `admin`): enter a request received by mail, phone or e-mail,
/// list by due date with filters and cursors, read one with its timeline, move it through the workflow, assign it,
/// note on it, extend it, record a verification done another way, and the yearly figures and exports.
struct AdminRequestsController {
    let desk: RequestDesk
    let editor: ConfigurationEditor
    let store: any RequestStore
    let fulfilment: RequestFulfilment
    let log: any ConsentLog

    func register(on router: some RouterMethods<AdminRequestContext>) {
        let base = "/v1/admin/properties/:property/requests"
        router.post(RouterPath(base), use: create)
        router.get(RouterPath(base), use: list)
        router.get(RouterPath(base + "/metrics"), use: metrics)
        router.get(RouterPath(base + "/export"), use: export)
        router.get(RouterPath(base + "/:request"), use: read)
        router.patch(RouterPath(base + "/:request"), use: assign)
        router.post(RouterPath(base + "/:request/transitions"), use: transition)
        router.post(RouterPath(base + "/:request/notes"), use: note)
        router.post(RouterPath(base + "/:request/extend"), use: extend)
        router.post(RouterPath(base + "/:request/verification"), use: recordVerification)
        router.get(RouterPath(base + "/:request/answer"), use: answer)
        router.post(RouterPath(base + "/:request/pause"), use: pause)
        router.post(RouterPath(base + "/:request/resume"), use: resume)
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let body = try await JSONBody.decode(RequestBody.self, from: request, context: context)
        let submission = try body.submission()
        let channel = try body.channel.map { text throws(RequestError) in
            guard let channel = RequestChannel(rawValue: text) else {
                throw RequestError(
                    .fieldInvalid, field: "channel", "channel must be one of " + RequestChannel.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return channel
        }
        var receivedAt: Date?
        if let text = body.receivedAt {
            guard let date = Date(rfc3339: text), date <= desk.now().addingTimeInterval(300) else {
                throw RequestError(.fieldInvalid, field: "receivedAt", "receivedAt must be an RFC 3339 time, not in the future")
            }
            receivedAt = date
        }
        let stored = try await desk.submit(
            submission, in: property, channel: channel ?? .email, receivedAt: receivedAt, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let query = request.uri.queryParameters
        let paging = try ListPaging(request, cursor: .requestCursor)
        var filter = RequestFilter()
        if let text = query["status"] {
            guard let status = RequestStatus(rawValue: String(text)) else { throw Self.filterInvalid("status") }
            filter.status = status
        }
        if let text = query["type"] {
            guard let type = RequestType(rawValue: String(text)) else { throw Self.filterInvalid("type") }
            filter.type = type
        }
        filter.law = query["law"].map(String.init)
        filter.assignee = query["assignee"].map(String.init)
        if (filter.law?.utf8.count ?? 0) > 64 { throw Self.filterInvalid("law") }
        if (filter.assignee?.utf8.count ?? 0) > 254 { throw Self.filterInvalid("assignee") }
        if let text = query["dueBefore"] {
            guard let date = Date(rfc3339: String(text)) else { throw Self.filterInvalid("dueBefore") }
            filter.dueBefore = date
        }
        let cursor = paging.cursor.flatMap(RequestCursor.init(text:))
        // By effective due date now: a paused request's moves on while it is paused (`RequestListing`).
        let now = desk.now()
        let page = try await store.requests(in: property, filter: filter, after: cursor, limit: paging.limit, now: now)
        let next = page.count == paging.limit ? page.last.map { RequestCursor(after: $0).text } : nil
        return try JSONBody.response(
            CursorPage(
                "requests", page.map { RequestView($0, details: nil, timeline: nil, now: now, calendar: property.deadlineCalendar) }, nextCursor: next
            ))
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        guard let stored = try await store.request(id, in: property.id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    @Sendable func assign(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(AssignBody.self, from: request, context: context)
        let assignee = try body.assignee.map { text throws(RequestError) in try RequestText.check(text, field: "assignee", limit: 254) }
        let stored = try await desk.assign(id, in: property.id, to: assignee, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    @Sendable func transition(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(TransitionBody.self, from: request, context: context)
        guard let target = RequestStatus(rawValue: body.to) else {
            throw RequestError(
                .fieldInvalid, field: "to", "to must be one of " + RequestStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let exemption = try body.exemption.map { text throws(RequestError) in
            guard let exemption = RequestExemption(rawValue: text) else {
                throw RequestError(
                    .fieldInvalid, field: "exemption",
                    "exemption must be one of " + RequestExemption.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return exemption
        }
        if let reason = body.reason { _ = try RequestText.check(reason, field: "reason") }
        try await fulfilment.prepare(id, to: target, in: property, actor: context.actor)
        var stored = try await desk.transition(
            id, in: property.id, to: target, reason: body.reason, exemption: exemption, actor: context.actor)
        stored = try await fulfilment.fulfil(stored, in: property, keyPrefix: context.key.prefix, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    @Sendable func note(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(NoteBody.self, from: request, context: context)
        let text = try RequestText.check(body.text, field: "text")
        let stored = try await desk.note(id, in: property.id, text: text, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property), status: .created)
    }

    @Sendable func extend(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(ExtendBody.self, from: request, context: context)
        let reason = try RequestText.check(body.reason, field: "reason")
        let stored = try await desk.extend(id, in: property, reason: reason, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    @Sendable func recordVerification(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(RecordedVerificationBody.self, from: request, context: context)
        let reason = try RequestText.check(body.reason, field: "reason")
        let stored = try await desk.recordVerification(
            id, in: property.id, reason: reason, powerOfAttorney: body.powerOfAttorney ?? false, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    /// What Accord itself holds about the requester, for the access answer.
    @Sendable func answer(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        guard let stored = try await store.request(id, in: property.id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        return try JSONBody.response(
            try await RequestAnswer.make(
                for: stored, property: property, log: log, configuration: editor.store, directory: desk.directory, now: desk.now()))
    }

    @Sendable func metrics(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let year: Int
        if let text = request.uri.queryParameters["year"] {
            guard let value = Int(String(text)), (2000...9999).contains(value) else { throw Self.filterInvalid("year") }
            year = value
        } else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            year = calendar.component(.year, from: desk.now())
        }
        let metrics = RequestMetrics.compute(year: year, entries: try await RequestRecords.chain(of: property.id, in: store))
        return try JSONBody.response(RequestMetricsView(metrics))
    }

    @Sendable func export(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let query = request.uri.queryParameters
        guard let export = RequestRecords.Export(format: query["format"].map(String.init), timeline: nil) else {
            throw Self.filterInvalid("format")
        }
        guard let timeline = RequestRecords.Export(format: nil, timeline: query["timeline"].map(String.init)) else {
            throw Self.filterInvalid("timeline")
        }
        return try await RequestRecords.Export(csv: export.csv, timeline: timeline.timeline).response(of: property, in: store, now: desk.now())
    }

    func view(_ request: PrivacyRequest, timeline: Bool, property: Property) async throws -> RequestView {
        let details = try await desk.details(of: request)
        let entries = timeline ? try await store.requestTimeline(request.id, in: request.property) : nil
        var view = RequestView(request, details: details, timeline: entries, now: desk.now(), calendar: property.deadlineCalendar)
        view.dataPoint = try await desk.dataPoint(of: request)
        return view
    }

    static func filterInvalid(_ name: String) -> RequestError {
        RequestError(.fieldInvalid, field: name, "\(name) has a value that is not allowed; see the API description")
    }
}
