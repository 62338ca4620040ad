import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Running a request across the connected systems (issue 14 §3): start it, and record an operator's answer for a
/// system that has no automatic one (a manual task done, or exempt with its reason).
struct AdminFulfilmentController {
    let fulfilment: ConnectorFulfilment
    let packages: RequestPackages
    let editor: ConfigurationEditor
    let store: any RequestStore
    let desk: RequestDesk
    let signer: ReceiptSigner

    func register(on router: some RouterMethods<AdminRequestContext>) {
        let base = "/v1/admin/properties/:property/requests/:request"
        router.post(RouterPath(base + "/fulfil"), use: fulfil)
        router.post(RouterPath(base + "/systems/:system/answer"), use: answer)
        router.get(RouterPath(base + "/evidence"), use: evidence)
        router.get(RouterPath(base + "/package"), use: package)
    }

    /// Starts the run (202) and advances it at once in the background; the service resumes it after a restart.
    @Sendable func fulfil(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let started = try await fulfilment.start(id, in: property.id, actor: context.actor)
        let fulfilment = self.fulfilment
        Task {
            // A failure here is retried by the service's next pass.
            _ = try? await fulfilment.advance(started)
        }
        return try JSONBody.response(try await view(started, property: property), status: .accepted)
    }

    struct AnswerBody: Decodable {
        var outcome: String
        var reason: String
    }

    /// `{"outcome": "manualDone" | "exempt", "reason"}` for one system of the run.
    @Sendable func answer(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        let system = try context.parameters.require("system")
        let body = try await JSONBody.decode(AnswerBody.self, from: request, context: context)
        guard ["manualDone", "exempt"].contains(body.outcome) else {
            throw RequestError(.fieldInvalid, field: "outcome", "outcome must be manualDone or exempt")
        }
        let reason = try RequestText.check(body.reason, field: "reason")
        let stored = try await fulfilment.answer(
            id, in: property.id, system: system, outcome: body.outcome, reason: reason, actor: context.actor)
        return try JSONBody.response(try await view(stored, property: property))
    }

    /// The record of what was done across the systems: the run's audit entries (system, counts, strategies, shared
    /// and retained rows, never a value) and the erasure of Accord's own data, as JSON and as a compact JWS signed
    /// with the receipt key (`typ` `accord-evidence+jwt`), verifiable with `/.well-known/jwks.json`.
    @Sendable func evidence(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        guard let stored = try await store.request(id, in: property.id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        let timeline = try await store.requestTimeline(id, in: property.id)
        let record = RequestEvidence(stored, timeline: timeline, at: desk.now())
        let token = try signer.sign(payload: record.jsonBytes, type: RequestEvidence.tokenType)
        return try JSONBody.response(RequestEvidence.Signed(evidence: record, jws: token))
    }

    /// The access package as a ZIP (`data.json`, `report.html`, and CSVs for portability), read now from every SQL
    /// system of the data map and Accord's own records; each download is a `request.packageDownloaded` audit entry.
    @Sendable func package(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let id = try PublicRequestsController.requestID(context)
        guard let stored = try await store.request(id, in: property.id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        guard stored.type == .access || stored.type == .portability else {
            throw RequestError(.transitionForbidden, field: nil, "only access and portability requests have a package")
        }
        guard [.verified, .inProgress, .completed].contains(stored.status) else {
            throw RequestError(.notVerified, field: nil, "the request is \(stored.status.rawValue); packages are for verified requests")
        }
        let (bytes, systems) = try await packages.build(stored, property: property)
        _ = try await desk.change(id, in: property.id) { _, _ in
            RequestDesk.Step(.packageDownloaded, actor: context.actor, detail: ["bytes": String(bytes.count), "systems": String(systems)])
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(stored.id).zip\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The request as `GET .../requests/{id}` shows it, dated on the property's calendar.
    private func view(_ request: PrivacyRequest, property: Property) async throws -> RequestView {
        let details = try await desk.details(of: request)
        let entries = try await store.requestTimeline(request.id, in: request.property)
        return RequestView(request, details: details, timeline: entries, now: desk.now(), calendar: property.deadlineCalendar)
    }
}
