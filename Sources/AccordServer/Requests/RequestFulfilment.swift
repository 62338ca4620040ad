import AccordCore
import Foundation

/// What completing a request does to Accord's own data (issue 13 §6). An opt-out (or a limit on sensitive data)
/// records the opt-out as a consent event for the requester (the subject their address names): every purpose the
/// property marks as sale, sharing or targeted advertising (`optOutCategories`) denied, through the same recorder
/// as any other change, so the `consent.*` webhooks go out and the chains hold it. The request's timeline records
/// the event id, never the address.
struct RequestFulfilment: Sendable {
    let recorder: ConsentRecorder
    let directory: SubjectDirectory
    let desk: RequestDesk

    /// Carries out `request` (just completed) by `actor` with the key `prefix`; returns the request as it then is.
    func fulfil(_ request: PrivacyRequest, in property: Property, keyPrefix: String, actor: String) async throws -> PrivacyRequest {
        guard request.status == .completed, request.type == .optOut || request.type == .limitSensitive else { return request }
        let purposes = property.activePurposes.filter { !$0.isRequired && !$0.optOutCategories.isEmpty }.map(\.key.rawValue)
        guard !purposes.isEmpty, let subject = try await directory.clearSubject(request.requester, in: property.id) else {
            return request
        }
        let recorded = try await recorder.withdraw(
            subject: subject, purposes: purposes, in: property, source: .api, idempotencyKey: "request:\(request.id)",
            client: ClientContext(), authentication: .apiKey(prefix: keyPrefix))
        return try await desk.change(request.id, in: property.id) { _, _ in
            RequestDesk.Step(
                .optedOut, actor: actor, detail: ["event": recorded.stored.event.id.rawValue, "purposes": purposes.joined(separator: ",")])
        }
    }
}
