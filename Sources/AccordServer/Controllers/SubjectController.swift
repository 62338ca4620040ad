import AccordCore
import Foundation
import Hummingbird

/// Reading and withdrawing one subject's consent: for CRMs and back offices, with API keys.
struct SubjectController {
    let recorder: ConsentRecorder
    let store: any ConsentStore
    let catalog: PropertyCatalog
    let addresses: ClientAddressResolver

    static let maximumPageSize = 200

    func register(on router: Router<AccordRequestContext>) {
        router.get("/v1/properties/:property/subjects/:subject/consents", use: consents)
        router.get("/v1/properties/:property/subjects/:subject/events", use: events)
        router.post("/v1/properties/:property/subjects/:subject/withdraw", use: withdraw)
    }

    @Sendable func consents(_ request: Request, context: AccordRequestContext) async throws -> Response {
        _ = try context.require(.consentsRead)
        let (property, subject) = try await resolve(context)
        let key = recorder.subjectKey(for: subject, in: property.id)
        let state = try await store.states(of: [key], in: property.id)[key]
        return try JSONBody.response(
            SubjectConsentsBody(subject: subject, purposes: PurposeStatusBody.all(state, property: property, at: Date())))
    }

    @Sendable func events(_ request: Request, context: AccordRequestContext) async throws -> Response {
        _ = try context.require(.consentsRead)
        let (property, subject) = try await resolve(context)
        let limit = try Self.limit(request)
        var cursor: Int64?
        if let text = request.uri.queryParameters["cursor"] {
            guard let value = Int64(String(text)), value > 0 else {
                throw APIError.invalid("cursor_invalid", "cursor must be a value returned as nextCursor", field: "cursor")
            }
            cursor = value
        }
        let page = try await store.events(
            of: recorder.subjectKey(for: subject, in: property.id), in: property.id, before: cursor, limit: limit)
        let next = page.count == limit ? page.last.map { String($0.sequence) } : nil
        return try JSONBody.response(CursorPage("events", page.map(EventBody.init), nextCursor: next))
    }

    struct WithdrawBody: Decodable {
        var purposes: [String]?
        var idempotencyKey: String?
    }

    @Sendable func withdraw(_ request: Request, context: AccordRequestContext) async throws -> Response {
        _ = try context.require(.consentsWrite)
        let (property, subject) = try await resolve(context)
        let body = try await JSONBody.decodeIfPresent(WithdrawBody.self, from: request, context: context)
        let recorded = try await recorder.withdraw(
            subject: subject, purposes: body?.purposes, in: property,
            idempotencyKey: request.headers[.idempotencyKey] ?? body?.idempotencyKey,
            client: ClientContext(
                address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]
            ))
        var headers = HTTPFields()
        if recorded.replayed { headers[.idempotentReplayed] = "true" }
        return try JSONBody.response(
            RecordedConsentBody(recorded, property: property, at: Date()), status: .created, headers: headers)
    }

    private func resolve(_ context: AccordRequestContext) async throws -> (Property, String) {
        let property = try await catalog.property(try context.parameters.require("property"))
        let raw = try context.parameters.require("subject")
        let subject = try ConsentEventBuilder.validateSubject(raw.removingPercentEncoding ?? raw)
        return (property, subject)
    }

    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return 50 }
        guard let value = Int(String(text)), (1...maximumPageSize).contains(value) else {
            throw APIError.invalid("limit_invalid", "limit must be between 1 and \(maximumPageSize)", field: "limit")
        }
        return value
    }
}
