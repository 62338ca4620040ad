import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/properties/{property}/visitors/{visitor}/events`: a browser visitor's own consent history, for the
/// preference center. Public like the SDK's other calls, but only for the ids the SDK makes (`av_` and 32 hex
/// digits: 128 random bits the visitor's cookie holds), so identifiers that servers record (emails, account ids)
/// can never be read without an API key. A visitor linked to a known subject (`SubjectLinker`) answers with that
/// subject's history and state, so every linked browser shows the subject's current choices.
struct VisitorController {
    let recorder: ConsentRecorder
    let store: any ConsentLog

    static let pageSize = 50

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.get("/v1/properties/:property/visitors/:visitor/events", use: events)
        router.get("/v1/properties/:property/visitors/:visitor/state", use: state)
    }

    struct StateAnswer: Encodable {
        /// Whether the visitor is linked to a known subject, whose state this is.
        var linked: Bool
        var purposes: [String: PurposeStatusBody]
    }

    /// `GET .../visitors/{visitor}/state`: the current status of every purpose, for the SDK of a linked browser.
    @Sendable func state(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let visitor = try Self.visitor(context)
        let own = recorder.subjectKey(for: visitor, in: property.id)
        let key = try await recorder.resolvedKey(for: visitor, in: property.id)
        let state = try await store.states(of: [key], in: property.id)[key]
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return try JSONBody.response(
            StateAnswer(linked: key != own, purposes: PurposeStatusBody.all(state, property: property, at: Date())),
            headers: headers)
    }

    private static func visitor(_ context: BrowserRequestContext) throws -> String {
        let visitor = try context.parameters.require("visitor")
        guard KeylessPolicy.isVisitorID(visitor) else {
            throw APIError.invalid("visitor_invalid", "visitor must be an id made by the banner SDK", field: "visitor")
        }
        return visitor
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
        let visitor = try Self.visitor(context)
        let page = try await store.events(
            of: try await recorder.resolvedKey(for: visitor, in: property.id), in: property.id, before: nil,
            limit: Self.pageSize)
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
