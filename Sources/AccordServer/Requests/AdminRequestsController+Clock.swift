import AccordCore
import Foundation
import Hummingbird

/// `POST .../requests/{id}/pause {"reason"}` and `POST .../requests/{id}/resume`: stop the clock while waiting for the
/// requester and start it again (UK GDPR; 409 `pause_refused` under other laws, when already stopped or running, or
/// once the deadline passed).
extension AdminRequestsController {
    @Sendable func pause(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let body = try await JSONBody.decode(PauseBody.self, from: request, context: context)
        let reason = try RequestText.check(body.reason, field: "reason")
        let stored = try await desk.pause(id, in: property, reason: reason, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }

    @Sendable func resume(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let stored = try await desk.resume(id, in: property, actor: context.actor)
        return try JSONBody.response(try await view(stored, timeline: true, property: property))
    }
}

/// `POST .../pause`: why the organisation waits for the requester.
struct PauseBody: Decodable {
    var reason: String
}
