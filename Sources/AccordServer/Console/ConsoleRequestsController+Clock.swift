import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// The console's stop-the-clock forms and the auditors' export, through the same `RequestDesk` and `RequestRecords`
/// as the admin API.
extension ConsoleRequestsController {
    @Sendable func pause(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "pause", field: "pause", keep: ["pause"]) { form, property, stored in
            let reason = try RequestText.check(form["pause"], field: "reason")
            _ = try await desk.pause(stored.id, in: property, reason: reason, actor: context.actor)
        }
    }

    @Sendable func resume(_ request: Request, context: ConsoleRequestsContext) async throws -> Response {
        try await act(request, context, done: "resume", field: "pause", keep: []) { _, property, stored in
            _ = try await desk.resume(stored.id, in: property, actor: context.actor)
        }
    }

    /// `GET /console/requests/export?property=&format=csv|jsonl[&timeline=1]`: the same files as the admin API's
    /// export, for the roles that read requests (auditors included).
    @Sendable func export(_ request: Request, context: ConsoleSubjectsContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let id = query["property"].map(String.init), let property = try await configuration.property(PropertyID(rawValue: id))
        else { throw ConsoleRefusal.notFound }
        guard let export = RequestRecords.Export(format: query["format"].map(String.init), timeline: query["timeline"].map(String.init))
        else { throw ConsoleRefusal.notFound }
        return try await export.response(of: property, in: desk.store, now: desk.now())
    }
}
