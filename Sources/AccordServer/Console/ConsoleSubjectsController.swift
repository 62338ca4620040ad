import AccordCore
import Foundation
import Hummingbird
import NIOCore

/// Support's look-up of one subject ("what did I agree to?"): their current choice per purpose and their history,
/// newest first. The identifier is posted (never in the address, where logs and history would keep it) and is
/// pseudonymised the way the API does before anything is read.
struct ConsoleSubjectsController {
    let recorder: ConsoleSubjectReader
    let configuration: any ConfigurationStore
    let forms: ConsoleForms
    let now: @Sendable () -> Date
    var pages = PageRenderer.shared

    /// How many events the page lists.
    static let historyLength = 50

    func register(on group: RouterGroup<ConsoleSubjectsContext>) {
        group.get("/console/subjects", use: page)
        group.post("/console/subjects", use: lookUp)
        group.post("/console/subjects/receipt", use: receipt)
    }

    private func render(
        _ context: ConsoleSubjectsContext, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome, [Property]) -> ConsolePage.Model
    ) async throws
        -> Response
    {
        let properties = try await configuration.properties().filter { !$0.isArchived }
        return forms.page(context, section: "/console/subjects", status: status, pages: pages) { build($0, $1, properties) }
    }

    @Sendable func page(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        try await render(context) { .subjectsPage(properties: $2, selected: $2.first?.id, csrf: $0, chrome: $1, now: now()) }
    }

    @Sendable func lookUp(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let subject = (form["subject"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let id = PropertyID(rawValue: form["property"]?.first ?? "")
        guard let property = try await configuration.property(id) else { throw ConsoleRefusal.notFound }
        guard (1...256).contains(subject.utf8.count) else {
            return try await render(context, status: .unprocessableContent) {
                .subjectsPage(
                    properties: $2, selected: id, csrf: $0, chrome: $1, subject: subject,
                    subjectError: "Enter the subject's identifier (1 to 256 characters).", now: now())
            }
        }
        let (state, events) = try await recorder.read(subject, in: property, limit: Self.historyLength)
        return try await render(context) {
            .subjectsPage(
                properties: $2, selected: id, csrf: $0, chrome: $1, subject: subject, state: state, events: events.map(\.event),
                property: property, now: now())
        }
    }

    /// One event's signed receipt (compact JWS), as a download. The subject is posted again with the event id,
    /// so only an event of the subject looked up can be fetched, and neither appears in an address.
    @Sendable func receipt(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let subject = (form["subject"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let eventID = form["event"]?.first ?? ""
        guard let property = try await configuration.property(PropertyID(rawValue: form["property"]?.first ?? "")),
            (1...256).contains(subject.utf8.count)
        else { throw ConsoleRefusal.notFound }
        guard let stored = try await recorder.event(eventID, of: subject, in: property) else { throw ConsoleRefusal.notFound }
        let token = try recorder.recorder.receipt(for: stored)
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/jose; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"receipt-\(stored.event.id.rawValue).jws\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: token + "\n")))
    }
}

/// A subject's state and history by their clear identifier, pseudonymised as the recorder does.
struct ConsoleSubjectReader: Sendable {
    let recorder: ConsentRecorder
    let log: any ConsentLog

    func read(_ subject: String, in property: Property, limit: Int) async throws -> (ConsentState?, [StoredEvent]) {
        let key = recorder.subjectKey(for: subject, in: property.id)
        let state = try await log.states(of: [key], in: property.id)[key]
        let events = try await log.events(of: key, in: property.id, before: nil, limit: limit)
        return (state, events)
    }

    /// The subject's event with this id, looked for among their history (newest first, by pages).
    func event(_ id: String, of subject: String, in property: Property) async throws -> StoredEvent? {
        let key = recorder.subjectKey(for: subject, in: property.id)
        var cursor: Int64?
        while true {
            let page = try await log.events(of: key, in: property.id, before: cursor, limit: 200)
            if let found = page.first(where: { $0.event.id.rawValue == id }) { return found }
            guard page.count == 200, let last = page.last else { return nil }
            cursor = last.sequence
        }
    }
}
