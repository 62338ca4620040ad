import AccordCore
import Foundation
import Testing

/// The e-mails an event causes (`FollowUp`): written in the event's own transaction exactly when it is recorded.
extension VaultedAppendContract {
    static let followUps: [VaultedAppendCase] = [
        VaultedAppendCase(name: "aRecordedEventsFollowUpIsWrittenWithItAndAReplayWritesNone") { store in
            let fixture = try await ContractFixture.make(in: store)
            let destination = "mail-" + UUID().uuidString.prefix(8).lowercased()
            let committer = GroupCommitter(store: store)
            let subject = fixture.newSubject()
            let first = fixture.event(subject, ["analytics": .granted], idempotencyKey: "k1")
            let result = try await committer.submit(first, followUps: [fixture.mail(for: first, to: destination)])
            #expect(result.stored?.event.id == first.id)
            let written = try await store.deliveries(to: destination, after: nil, limit: 10)
            #expect(written.map(\.message.id) == [MailRequest.messageID(of: first.id, kind: .choicesChanged)])
            #expect(written.first?.message.channel == .mail && written.first?.message.subject == subject)
            // The same request again is answered as a replay: its follow-up is not written (the first one was).
            let retry = fixture.event(subject, ["analytics": .granted], offset: 1, idempotencyKey: "k1")
            let replayed = try await committer.submit(retry, followUps: [fixture.mail(for: retry, to: destination)])
            #expect(replayed.stored?.event.id == first.id)
            // A batch appended directly writes the follow-ups of the events it records, not of those it replays.
            let next = fixture.event(subject, ["analytics": .denied], offset: 2)
            let batch = try AppendBatch(
                events: [retry, next],
                followUps: [
                    FollowUp(event: retry.id, entry: fixture.mail(for: retry, to: destination)),
                    FollowUp(event: next.id, entry: fixture.mail(for: next, to: destination)),
                ])
            _ = try await store.appendBatch(batch)
            #expect(
                try await store.deliveries(to: destination, after: nil, limit: 10).map(\.message.id) == [
                    MailRequest.messageID(of: first.id, kind: .choicesChanged), MailRequest.messageID(of: next.id, kind: .choicesChanged),
                ])
        }
    ]

    static let transactionalFollowUps: [VaultedAppendCase] = [
        VaultedAppendCase(name: "aBatchThatFailsWritesNoFollowUp") { store in
            let fixture = try await ContractFixture.make(in: store)
            let destination = "mail-" + UUID().uuidString.prefix(8).lowercased()
            let good = fixture.event(fixture.newSubject(), ["analytics": .granted])
            var bad = fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)
            bad.policyVersion = 99  // no such version: the insert fails and the whole batch rolls back
            let batch = try AppendBatch(
                events: [good, bad],
                followUps: [
                    FollowUp(event: good.id, entry: fixture.mail(for: good, to: destination)),
                    FollowUp(event: bad.id, entry: fixture.mail(for: bad, to: destination)),
                ])
            await #expect(throws: (any Error).self) { _ = try await store.appendBatch(batch) }
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).isEmpty)
            _ = try await store.appendBatch(AppendBatch(events: [good], followUps: [batch.followUps[0]]))
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).count == 1)
        }
    ]
}

extension ContractFixture {
    /// The choices confirmation of `event` as an outbox entry to `destination` (unique per case).
    func mail(for event: ConsentEvent, to destination: String) throws -> OutboxEntry {
        var entry = try MailRequest(
            kind: .choicesChanged, property: event.property, subject: event.subject, purposes: event.choices.keys.sorted()
        ).outboxEntry(id: MailRequest.messageID(of: event.id, kind: .choicesChanged), at: event.recordedAt)
        entry.destinations = [destination]
        return entry
    }
}
