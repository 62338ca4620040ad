import AccordCore
import Foundation
import Testing

extension OutboxContract {
    /// The per-subject `sequence` webhooks carry (`SubjectSequence`): numbered by the store in the message's own
    /// transaction, strictly increasing per (property, subject) across types and channels, independent per subject.
    static let sequences: [OutboxContractCase] = [
        OutboxContractCase(name: "eachSubjectsMessagesAreNumberedInCommitOrderAcrossTypesAndChannels") { store in
            let fixture = try await ContractFixture.make(in: store)
            let endpoint = fixture.endpoint(
                id: "wh_seq" + UUID().uuidString.prefix(8).lowercased(), events: [.consentRecorded, .consentWithdrawn], status: .active)
            try await store.saveWebhookEndpoint(endpoint)
            let (a, b) = (fixture.newSubject(), fixture.newSubject())
            _ = try await store.append([fixture.event(a, ["analytics": .granted]), fixture.event(b, ["analytics": .granted])])
            _ = try await store.append([fixture.event(a, ["analytics": .denied])])  // recorded and withdrawn, same instant
            // A message no consent event causes (an e-mail) counts for the subject too, even written "earlier".
            let mail = OutboxMessage(
                id: OutboxMessage.randomID(), channel: .mail, type: "mail.choicesChanged", property: fixture.property.id, subject: a,
                payload: Array("{}".utf8), createdAt: fixture.start.addingTimeInterval(-60))
            try await store.enqueue([OutboxEntry(message: mail, destinations: ["mail"])])
            let hooks = try await store.deliveries(to: endpoint.id, after: nil, limit: 10).map(\.message)
            #expect(hooks.map(\.type) == ["consent.recorded", "consent.recorded", "consent.recorded", "consent.withdrawn"])
            let ofA = hooks.filter { $0.subject == a }.map(\.receiverSequence)
            let ofB = hooks.filter { $0.subject == b }.map(\.receiverSequence)
            #expect(ofA.count == 3 && ofB.count == 1)
            #expect(zip(ofA, ofA.dropFirst()).allSatisfy { $0 < $1 }, "strictly increasing per subject: \(ofA)")
            #expect(ofA[0] == SubjectSequence.floor(at: fixture.start) && ofA[2] == ofA[1] + 1)
            #expect(ofB == [SubjectSequence.floor(at: fixture.start)], "another subject counts on its own")
            let mailed = try #require(try await store.deliveries(to: "mail", after: nil, limit: 100).first { $0.message.id == mail.id })
            #expect(mailed.message.subjectSequence == ofA[2] + 1)
            let body = try JSONSerialization.jsonObject(with: Data(WebhookBody.make(hooks[3], clearSubject: nil)))
            #expect(((body as? [String: Any])?["data"] as? [String: Any])?["sequence"] as? Int64 == ofA[2])
        }
    ]
}
