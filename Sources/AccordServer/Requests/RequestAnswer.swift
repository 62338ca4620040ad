import AccordCore
import Foundation

/// The part of an access answer Accord itself holds (issue 13 §6): the requester's current consent state and every
/// consent event recorded under the subject their address names, with the policy versions those events were made
/// under (the exact texts shown). Only for a verified request, and only while the vault still knows the requester.
struct RequestAnswer: Encodable {
    var request: String
    var subject: String
    var purposes: [String: PurposeStatusBody]
    var events: [EventBody]
    var policies: [PolicyVersion]

    static func make(
        for request: PrivacyRequest, property: Property, log: any ConsentLog, configuration: any ConfigurationStore,
        directory: SubjectDirectory, now: Date
    ) async throws -> RequestAnswer {
        guard [.verified, .inProgress, .completed].contains(request.status) else {
            throw RequestError(.notVerified, field: nil, "the request is \(request.status.rawValue); answers are for verified requests")
        }
        guard let subject = try await directory.clearSubject(request.requester, in: property.id) else {
            throw RequestError(.notVerified, field: nil, "the requester's data was erased")
        }
        let state = try await log.states(of: [request.requester], in: property.id)[request.requester]
        var events: [StoredEvent] = []
        var cursor: Int64?
        while true {
            let page = try await log.events(of: request.requester, in: property.id, before: cursor, limit: 500)
            events += page
            guard page.count == 500, let last = page.last else { break }
            cursor = last.sequence
        }
        var policies: [PolicyVersion] = []
        for version in Set(events.map(\.event.policyVersion)).sorted() {
            if let policy = try await configuration.policyVersion(version, of: property.id) { policies.append(policy) }
        }
        return RequestAnswer(
            request: request.id, subject: subject, purposes: PurposeStatusBody.all(state, property: property, at: now),
            events: events.map(EventBody.init), policies: policies)
    }
}
