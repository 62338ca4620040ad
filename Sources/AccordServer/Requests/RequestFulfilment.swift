import AccordCore
import Foundation

/// What completing a request does to Accord's own data (issue 13 §6). An opt-out (or a limit on sensitive data)
/// records the opt-out as a consent event for the requester (the subject their address names): every purpose the
/// property marks as sale, sharing or targeted advertising (`optOutCategories`) denied, through the same recorder
/// as any other change, so the `consent.*` webhooks go out and the chains hold it. The request's timeline records
/// the event id, never the address. A deletion erases the requester's data in Accord (`AccordDataEraser`) before
/// the request may be completed (`prepare`), so a completed deletion has always been carried out.
struct RequestFulfilment: Sendable {
    let recorder: ConsentRecorder
    let directory: SubjectDirectory
    let desk: RequestDesk
    let eraser: any AccordDataErasing
    /// Seals an access or portability request's package and e-mails its link, once per request (RequestPackages.send);
    /// nil: no package is sent.
    var packageStep: (@Sendable (PrivacyRequest) async throws -> Void)? = nil

    /// Runs before `desk.transition`: a deletion about to be completed (a move the workflow allows) has the
    /// requester's data erased first, and an access or portability request has its package's link sent, so a
    /// failure leaves the request open and the move can simply be tried again.
    func prepare(_ id: String, to target: RequestStatus, in property: Property, actor: String) async throws {
        guard target == .completed, let request = try await desk.store.request(id, in: property.id),
            RequestWorkflow.targets(from: request.status).contains(.completed)
        else { return }
        switch request.type {
        case .deletion: _ = try await eraser.eraseAccordData(of: request, in: property, otherSubjects: [], actor: actor)
        case .access, .portability: try await packageStep?(request)
        default: return
        }
    }

    /// Carries out `request` (just completed) by `actor` with the key `prefix`; returns the request as it then is.
    func fulfil(_ request: PrivacyRequest, in property: Property, keyPrefix: String, actor: String) async throws -> PrivacyRequest {
        if request.status == .completed, request.type == .deletion {
            // Erased already by `prepare` (or a connector run): this only makes sure, and records nothing twice.
            guard try await !eraser.eraseAccordData(of: request, in: property, otherSubjects: [], actor: actor).alreadyErased else {
                return request
            }
            return try await desk.store.request(request.id, in: property.id) ?? request
        }
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
