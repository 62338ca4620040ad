import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/properties/{property}/visitors/{visitor}/events`: a browser visitor's own consent history, for the
/// preference center. Public like the SDK's other calls, but only for the ids the SDK makes (`av_` and 32 hex
/// digits: 128 random bits the visitor's cookie holds), so identifiers that servers record (emails, account ids)
/// can never be read without an API key.
struct VisitorController {
    let recorder: ConsentRecorder
    let store: any ConsentLog

    static let pageSize = 50

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.get("/v1/properties/:property/visitors/:visitor/events", use: events)
    }

    struct HistoryEntry: Encodable {
        var id: String
        var recordedAt: String
        var choices: [String: ConsentChoice]
        var source: ConsentSource
        var policyVersion: Int
        var policyHash: String
    }

    struct History: Encodable {
        var events: [HistoryEntry]
    }

    @Sendable func events(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let visitor = try context.parameters.require("visitor")
        guard KeylessPolicy.isVisitorID(visitor) else {
            throw APIError.invalid("visitor_invalid", "visitor must be an id made by the banner SDK", field: "visitor")
        }
        let page = try await store.events(
            of: recorder.subjectKey(for: visitor, in: property.id), in: property.id, before: nil, limit: Self.pageSize)
        let entries = page.map { stored in
            let event = stored.event
            return HistoryEntry(
                id: event.id.rawValue, recordedAt: event.recordedAt.rfc3339,
                choices: Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) }),
                source: event.source, policyVersion: event.policyVersion, policyHash: event.policyHash)
        }
        return try JSONBody.response(History(events: entries))
    }
}
