import AccordCore
import Foundation
import Testing

/// The contact points a write gives (`ContactFollowUp`): stored in the event's own transaction, before the e-mails
/// written with it, exactly when the event is recorded; never when its subject's data key changed meanwhile (and
/// then the event's e-mails are not written either), and, on the backends with transactions, not at all when the
/// batch rolls back.
extension VaultedAppendContract {
    private static let cipher = SubjectVaultCipher(secret: Array(repeating: 5, count: 32))

    static let contacts: [VaultedAppendCase] = [
        VaultedAppendCase(name: "aWritesContactIsStoredWithItsEventAndAReplayStoresNone") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectDirectory(vault: store, cipher: cipher)
            let destination = "mail-" + UUID().uuidString.prefix(8).lowercased()
            let committer = GroupCommitter(store: store)
            let subject = fixture.newSubject()
            let given = try await directory.prepareEmail(
                "anna@example.com", of: "customer-1", as: subject, in: fixture.property.id, verifiedBy: "key ak_test", at: fixture.start)
            #expect(given.entry != nil, "a subject the vault does not know yet gets its entry with the write")
            let first = fixture.event(subject, ["analytics": .granted], idempotencyKey: "k1")
            _ = try await committer.submit(
                first, vaultEntry: given.entry, followUps: [fixture.mail(for: first, to: destination)],
                contact: given.followUp(for: first.id))
            #expect(try await directory.holds(given))
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == "customer-1")
            let stored = try await directory.contact(of: subject, in: fixture.property.id)
            #expect(stored?.usableEmail == "anna@example.com" && stored?.verifiedBy == "key ak_test")
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).count == 1)

            // A replay stores neither its contact nor its follow-up.
            let other = try await directory.prepareEmail(
                "other@example.com", of: "customer-1", as: subject, in: fixture.property.id, verifiedBy: nil, at: fixture.start)
            #expect(other.entry == nil, "a known subject's contact is sealed under its entry's key")
            let retry = fixture.event(subject, ["analytics": .granted], offset: 1, idempotencyKey: "k1")
            let replayed = try await committer.submit(
                retry, followUps: [fixture.mail(for: retry, to: destination)], contact: other.followUp(for: retry.id))
            #expect(replayed.stored?.event.id == first.id)
            #expect(try await directory.contact(of: subject, in: fixture.property.id)?.email == "anna@example.com")
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).count == 1)

            // A new event of the known subject stores the new address (pending: nobody vouched for it).
            let next = fixture.event(subject, ["analytics": .denied], offset: 2)
            _ = try await committer.submit(next, contact: other.followUp(for: next.id))
            let changed = try await directory.contact(of: subject, in: fixture.property.id)
            #expect(changed?.email == "other@example.com" && changed?.confirmed == false)
            #expect(try await directory.holds(other))
        },
        VaultedAppendCase(name: "aContactSealedUnderAKeyTheEntryNoLongerHasIsNotWrittenNorAreItsEventsFollowUps") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectDirectory(vault: store, cipher: cipher)
            let destination = "mail-" + UUID().uuidString.prefix(8).lowercased()
            let subject = fixture.newSubject()
            let given = try await directory.prepareEmail(
                "anna@example.com", of: "customer-2", as: subject, in: fixture.property.id, verifiedBy: "key ak_test", at: fixture.start)
            // Another write makes the subject's entry first, with a data key of its own.
            let winner = try cipher.entry(for: "customer-2", subject: subject, in: fixture.property.id, at: fixture.start)
            try await store.insertVaultEntries([winner])
            let event = fixture.event(subject, ["analytics": .granted])
            let bystander = fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 1)
            let results = try await store.appendBatch(
                AppendBatch(
                    events: [event, bystander], vaultEntries: [try #require(given.entry)],
                    followUps: [
                        FollowUp(event: event.id, entry: try fixture.mail(for: event, to: destination)),
                        FollowUp(event: bystander.id, entry: try fixture.mail(for: bystander, to: destination)),
                    ],
                    contacts: [given.followUp(for: event.id)]))
            #expect(results.allSatisfy { $0.stored != nil }, "the events are recorded")
            #expect(try await store.vaultEntry(of: subject, in: fixture.property.id) == winner)
            #expect(try await !directory.holds(given))
            #expect(
                try await store.deliveries(to: destination, after: nil, limit: 10).map(\.message.id) == [
                    MailRequest.messageID(of: bystander.id, kind: .choicesChanged)
                ], "only the other event's e-mail: this one would go to an address that is not stored")
        },
    ]

    static let transactionalContacts: [VaultedAppendCase] = [
        VaultedAppendCase(name: "aBatchThatFailsStoresNeitherTheContactNorItsFollowUp") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectDirectory(vault: store, cipher: cipher)
            let destination = "mail-" + UUID().uuidString.prefix(8).lowercased()
            let known = fixture.newSubject()
            try await store.insertVaultEntries([
                try cipher.entry(for: "customer-3", subject: known, in: fixture.property.id, at: fixture.start)
            ])
            let fresh = fixture.newSubject()
            let givenKnown = try await directory.prepareEmail(
                "c3@example.com", of: "customer-3", as: known, in: fixture.property.id, verifiedBy: "key ak_test", at: fixture.start)
            let givenFresh = try await directory.prepareEmail(
                "c4@example.com", of: "customer-4", as: fresh, in: fixture.property.id, verifiedBy: "key ak_test", at: fixture.start)
            let first = fixture.event(known, ["analytics": .granted])
            let second = fixture.event(fresh, ["analytics": .granted], offset: 1)
            var bad = fixture.event(fixture.newSubject(), ["analytics": .granted], offset: 2)
            bad.policyVersion = 99  // no such version: the insert fails and the whole batch rolls back
            let batch = try AppendBatch(
                events: [first, second, bad], vaultEntries: [try #require(givenFresh.entry)],
                followUps: [
                    FollowUp(event: first.id, entry: fixture.mail(for: first, to: destination)),
                    FollowUp(event: second.id, entry: fixture.mail(for: second, to: destination)),
                ],
                contacts: [givenKnown.followUp(for: first.id), givenFresh.followUp(for: second.id)])
            await #expect(throws: (any Error).self) { _ = try await store.appendBatch(batch) }
            #expect(try await directory.contact(of: known, in: fixture.property.id) == nil)
            #expect(try await store.vaultEntry(of: fresh, in: fixture.property.id) == nil)
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).isEmpty)
            // The same batch without the bad event stores both contacts and both e-mails.
            var good = batch
            good.events.removeLast()
            _ = try await store.appendBatch(good)
            #expect(try await directory.holds(givenKnown))
            #expect(try await directory.holds(givenFresh))
            #expect(try await store.deliveries(to: destination, after: nil, limit: 10).count == 2)
        }
    ]
}
