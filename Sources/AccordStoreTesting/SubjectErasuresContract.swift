import AccordCore
import Foundation
import Testing

/// What every store's `SubjectErasures` must do (issue 13 §6): in one transaction, tombstone the subjects and
/// remove their state rows, links and vault entries, keep their events so every chain still verifies, never fold
/// them into state again, and list the tombstones in the order they were written.
public enum SubjectErasuresContract {
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "erasureRemovesStateLinksAndVaultButKeepsTheEvents") { store in
            let fixture = try await ContractFixture.make(in: store)
            let property = fixture.property.id
            let (subject, visitor, bystander) = (fixture.newSubject(), fixture.newSubject(), fixture.newSubject())
            let directory = SubjectDirectory(vault: store, cipher: SubjectVaultCipher(secret: Array(repeating: 3, count: 32)))
            try await directory.remember("erase-me@example.com", as: subject, in: property, at: fixture.start)
            try await directory.remember("keep-me", as: bystander, in: property, at: fixture.start)
            let copy = try #require(try await directory.sealCopy(Array("queued".utf8), for: subject, in: property))
            _ = try await store.append([fixture.event(visitor, ["analytics": .granted], offset: 0)])
            _ = try await store.append([fixture.event(subject, ["analytics": .granted, "marketing": .denied], offset: 1)])
            _ = try await store.append([SubjectLinksContract.linked(fixture, visitor, to: subject, [:], offset: 2)])
            _ = try await store.append([fixture.event(bystander, ["analytics": .denied], offset: 3)])
            let bystanderState = try await store.states(of: [bystander], in: property)[bystander]
            let eventsBefore = try await store.eventsInChainOrder(after: nil, limit: 100).count

            let counts = try await store.eraseSubjects([subject, visitor, subject], in: property, at: fixture.start.addingTimeInterval(60))
            #expect(counts == SubjectErasureCounts(subjects: 2, stateRows: 3, vaultEntries: 1, links: 1))
            #expect(try await store.states(of: [subject, visitor], in: property).isEmpty)
            #expect(try await store.linkedSubject(of: visitor, in: property) == nil)
            #expect(try await store.linkedVisitors(of: subject, in: property).isEmpty)
            #expect(try await store.vaultEntry(of: subject, in: property) == nil)
            #expect(try await directory.openCopy(copy, for: subject, in: property) == nil)
            // The evidence stays: every event, and the chains verify; the erased are reported as such.
            #expect(try await store.eventsInChainOrder(after: nil, limit: 100).count == eventsBefore)
            #expect(try await store.events(of: subject, in: property, before: nil, limit: 10).count == 2)
            let report = try await StoreAudit.run(store)
            #expect(report.isClean)
            #expect(report.erasedSubjects >= 2)
            // Nobody else is touched.
            #expect(try await store.states(of: [bystander], in: property)[bystander] == bystanderState)
            #expect(try await directory.clearSubject(bystander, in: property) == "keep-me")
            let tombstones = try await store.erasedSubjects(after: nil, limit: 1_000).filter { $0.property == property }
            #expect(Set(tombstones.map(\.subject)) == [subject, visitor])
            #expect(tombstones.allSatisfy { $0.erasedAt == fixture.start.addingTimeInterval(60) })
        },
        ContractCase(name: "erasingAgainRemovesNothingAndKeepsOneTombstone") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            _ = try await store.append([fixture.event(subject, ["analytics": .granted])])
            #expect(try await store.eraseSubjects([subject], in: fixture.property.id, at: fixture.start).subjects == 1)
            #expect(try await store.eraseSubjects([subject], in: fixture.property.id, at: fixture.start) == SubjectErasureCounts())
            #expect(try await store.eraseSubjects([], in: fixture.property.id, at: fixture.start) == SubjectErasureCounts())
            let tombstones = try await store.erasedSubjects(after: nil, limit: 1_000).filter { $0.property == fixture.property.id }
            #expect(tombstones.map(\.subject) == [subject])
            // The same key in another property is another subject: not erased.
            #expect(
                try await store.eraseSubjects([subject], in: PropertyID(rawValue: fixture.property.id.rawValue + "-other"), at: fixture.start)
                    .subjects == 1)
        },
        ContractCase(name: "rebuildingStatesNeverBringsAnErasedSubjectBack") { store in
            let fixture = try await ContractFixture.make(in: store)
            let (erased, kept) = (fixture.newSubject(), fixture.newSubject())
            _ = try await store.append([fixture.event(erased, ["analytics": .granted], offset: 0)])
            _ = try await store.append([fixture.event(kept, ["analytics": .granted], offset: 1)])
            _ = try await store.append([fixture.event(erased, ["marketing": .granted], offset: 2)])
            _ = try await store.eraseSubjects([erased], in: fixture.property.id, at: fixture.start)
            let before = try await store.allStates()
            try await store.rebuildStates()
            let after = try await store.allStates()
            #expect(after == before)
            #expect(!after.contains { $0.subject == erased })
            #expect(after.contains { $0.subject == kept })
            #expect(try await StoreAudit.run(store).isClean)
        },
        ContractCase(name: "aWriteUnderAnErasedKeyIsRefusedAndTheAuditStaysClean") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            _ = try await store.append([fixture.event(subject, ["analytics": .granted], offset: 0)])
            _ = try await store.eraseSubjects([subject], in: fixture.property.id, at: fixture.start)
            // A writer that missed the tombstone (another instance's erased set is up to 5 s behind) is refused by
            // the store itself, so no state is ever folded under the erased key again.
            #expect(try await store.append([fixture.event(subject, ["analytics": .denied], offset: 1)]) == [.subjectErased])
            let report = try await StoreAudit.run(store)
            #expect(report.chainFailure == nil)
            #expect(report.stateMismatches == 0)
            #expect(report.isClean)
        },
        ContractCase(name: "tombstonesPageInTheOrderTheyWereWritten") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = (0..<3).map { _ in fixture.newSubject() }
            for (offset, subject) in subjects.enumerated() {
                _ = try await store.eraseSubjects([subject], in: fixture.property.id, at: fixture.start.addingTimeInterval(Double(offset)))
            }
            var cursor: Int64?
            var seen: [SubjectKey] = []
            while true {
                let page = try await store.erasedSubjects(after: cursor, limit: 1)
                guard let last = page.last else { break }
                #expect(page.count == 1)
                if last.property == fixture.property.id { seen.append(last.subject) }
                if let cursor { #expect(last.sequence > cursor) }
                cursor = last.sequence
            }
            #expect(seen == subjects)
        },
        ContractCase(name: "aWriteForAKeyErasedElsewhereIsRefusedInItsTransactionAndMadeUnderTheNextGeneration") { store in
            let fixture = try await ContractFixture.make(in: store)
            let property = fixture.property.id
            let clear = "returning@example.com"
            // This instance's erased set never hears of the erasure below: as stale as another instance's is for
            // up to its refresh interval after an erasure elsewhere.
            let stale = SubjectPseudonymizer(secret: Array(repeating: 5, count: 32), erased: ErasedSubjectSet(source: nil))
            let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))
            let erased = stale.key(for: clear, in: property)
            let fresh = fixture.newSubject()
            _ = try await store.append([fixture.event(erased, ["analytics": .granted], offset: 0)])
            _ = try await store.eraseSubjects([erased], in: property, at: fixture.start.addingTimeInterval(10))

            // The store refuses the erased key itself, event by event in the batch's transaction; the rest lands.
            let results = try await store.append([
                fixture.event(erased, ["analytics": .denied], offset: 20), fixture.event(fresh, ["analytics": .granted], offset: 21),
            ])
            #expect(results.first == .subjectErased)
            #expect(results.last?.stored?.event.subject == fresh)
            #expect(try await store.states(of: [erased], in: property).isEmpty)
            #expect(try await store.events(of: erased, in: property, before: nil, limit: 10).count == 1, "only the event from before")
            // A vault entry for the erased key is dropped with its event: no clear id under an erased pseudonym.
            if let vaulted = store as? any VaultedConsentLog {
                let entry = try cipher.entry(for: clear, subject: erased, in: property, at: fixture.start)
                let batch = AppendBatch(events: [fixture.event(erased, ["analytics": .granted], offset: 30)], vaultEntries: [entry])
                #expect(try await vaulted.appendBatch(batch) == [.subjectErased])
                #expect(try await store.vaultEntry(of: erased, in: property) == nil)
            }

            // Through the recorder: the stale instance learns the erasure and writes under the next generation's key.
            let recorder = ConsentRecorder(
                store: store, pseudonymizer: stale, signer: try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey()),
                issuer: "contract", directory: SubjectDirectory(vault: store, cipher: cipher))
            let recorded = try await recorder.record(
                ConsentRequest(subject: clear, choices: ["analytics": "granted"]), in: fixture.property, client: ClientContext(),
                authentication: .apiKey(prefix: "acc_test00"))
            let next = recorded.stored.event.subject
            #expect(next != erased)
            #expect(stale.erased?.contains(erased, in: property) == true)
            #expect(stale.key(for: clear, in: property) == next)
            #expect(try await store.states(of: [erased], in: property).isEmpty)
            #expect(try await store.states(of: [next], in: property)[next] != nil)
            #expect(try await store.vaultEntry(of: erased, in: property) == nil)
            #expect(try await SubjectDirectory(vault: store, cipher: cipher).clearSubject(next, in: property) == clear)
            #expect(try await StoreAudit.run(store).isClean)
        },
        ContractCase(name: "aLinkForAKeyErasedElsewhereIsMadeUnderTheNextGeneration") { store in
            let fixture = try await ContractFixture.make(in: store)
            let property = fixture.property.id
            let visitor = "av_" + String(repeating: "5e", count: 16)
            // Loaded before the erasure and not refreshed on its own for an hour: as behind as another instance's.
            let stale = SubjectPseudonymizer(
                secret: Array(repeating: 6, count: 32), erased: try await ErasedSubjectSet.load(from: store, interval: .seconds(3_600)))
            let erased = stale.key(for: "linked@example.com", in: property)
            _ = try await store.append([fixture.event(erased, ["analytics": .granted], offset: 0)])
            _ = try await store.eraseSubjects([erased], in: property, at: fixture.start.addingTimeInterval(10))
            let linked = try await SubjectLinker(store: store, pseudonymizer: stale).link(
                visitor: visitor, to: "linked@example.com", in: fixture.property, authentication: .apiKey(prefix: "acc_test00"),
                at: fixture.start.addingTimeInterval(20))
            #expect(!linked.events.isEmpty)
            #expect(linked.events.allSatisfy { $0.event.subject != erased })
            #expect(
                try await store.linkedSubject(of: stale.key(for: visitor, in: property), in: property)
                    == stale.key(for: "linked@example.com", in: property))
            #expect(try await store.linkedVisitors(of: erased, in: property).isEmpty)
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]
}
