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
        ContractCase(name: "stateWrittenUnderAnErasedKeyIsAnAuditFinding") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            _ = try await store.append([fixture.event(subject, ["analytics": .granted], offset: 0)])
            _ = try await store.eraseSubjects([subject], in: fixture.property.id, at: fixture.start)
            // Only a writer that missed the tombstone can do this; the audit must not take it for clean.
            _ = try await store.append([fixture.event(subject, ["analytics": .denied], offset: 1)])
            let report = try await StoreAudit.run(store)
            #expect(report.chainFailure == nil)
            #expect(report.stateMismatches > 0)
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
    ]
}
