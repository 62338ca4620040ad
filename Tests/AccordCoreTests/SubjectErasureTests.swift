import AccordCore
import AccordStoreTesting
import Foundation
import Synchronization
import Testing

/// The pseudonymiser steps past erased keys, so a returning person starts a new subject; the tombstones travel in
/// an export; the audit reports erased subjects.
@Suite struct SubjectErasureTests {
    private let secret = Array(repeating: UInt8(5), count: 32)
    private let property = PropertyID(rawValue: "shop")

    @Test func aReturningPersonGetsANewKeyAfterErasureAndKeepsIt() throws {
        let erased = ErasedSubjectSet(source: nil)
        let pseudonymizer = SubjectPseudonymizer(secret: secret, erased: erased)
        let plain = SubjectPseudonymizer(secret: secret)
        let first = pseudonymizer.key(for: "Anna@Example.com", in: property)
        #expect(first == plain.key(for: "anna@example.com", in: property), "before any erasure, keys are as they always were")
        erased.insert([first], in: property)
        let second = pseudonymizer.key(for: "anna@example.com", in: property)
        #expect(second != first)
        #expect(pseudonymizer.key(for: "ANNA@example.com", in: property) == second, "the new key is stable")
        #expect(pseudonymizer.key(for: "bob@example.com", in: property) == plain.key(for: "bob@example.com", in: property))
        #expect(
            pseudonymizer.key(for: "anna@example.com", in: PropertyID(rawValue: "other"))
                == plain.key(for: "anna@example.com", in: PropertyID(rawValue: "other")))
        erased.insert([second], in: property)
        let third = pseudonymizer.key(for: "anna@example.com", in: property)
        #expect(Set([first, second, third]).count == 3)
        // Another instance with the same secret and the same tombstones derives the same key.
        let elsewhere = ErasedSubjectSet(source: nil)
        elsewhere.insert([first, second], in: property)
        #expect(SubjectPseudonymizer(secret: secret, erased: elsewhere).key(for: "anna@example.com", in: property) == third)
    }

    @Test func theSetLearnsOfAnotherInstancesErasuresFromTheStore() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let pseudonymizer = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: store))
        let key = pseudonymizer.key(for: "visitor-1", in: fixture.property.id)
        _ = try await store.eraseSubjects([key], in: fixture.property.id, at: fixture.start)
        // Written by "another instance" (straight to the store): seen once the set is brought up to date.
        try await pseudonymizer.erased?.refresh()
        #expect(pseudonymizer.key(for: "visitor-1", in: fixture.property.id) != key)
        let loaded = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: store))
        #expect(loaded.key(for: "visitor-1", in: fixture.property.id) == pseudonymizer.key(for: "visitor-1", in: fixture.property.id))
    }

    @Test func aLookUpAfterTheIntervalBringsTheSetUpToDateInTheBackground() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let clock = Mutex(fixture.start)
        let set = ErasedSubjectSet(source: store, interval: .seconds(5), now: { clock.withLock { $0 } })
        try await set.refresh()
        let pseudonymizer = SubjectPseudonymizer(secret: secret, erased: set)
        let key = pseudonymizer.key(for: "returning", in: fixture.property.id)
        _ = try await store.eraseSubjects([key], in: fixture.property.id, at: fixture.start)
        #expect(pseudonymizer.key(for: "returning", in: fixture.property.id) == key, "within the interval: no store read")
        clock.withLock { $0 = $0.addingTimeInterval(6) }
        // The look-up starts the refresh and does not wait for it; a later one sees the tombstone.
        var seen = pseudonymizer.key(for: "returning", in: fixture.property.id) != key
        for _ in 0..<500 where !seen {
            try await Task.sleep(for: .milliseconds(10))
            seen = pseudonymizer.key(for: "returning", in: fixture.property.id) != key
        }
        #expect(seen)
    }

    @Test func anImportedRowForAnErasedIdStartsANewSubject() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let erasedKey = SubjectPseudonymizer(secret: secret).key(for: "imported-1", in: fixture.property.id)
        _ = try await store.eraseSubjects([erasedKey], in: fixture.property.id, at: fixture.start)
        let pseudonymizer = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: store))
        let importer = ConsentImporter(
            plan: try ImportPlan(ImportMapping(subject: "subject", date: "date", purpose: "purpose", status: "status"), policy: fixture.policy),
            property: fixture.property, policy: fixture.policy, log: store, vault: nil, pseudonymizer: pseudonymizer,
            onReject: { _ in })
        var reader = CSVRecordReader()
        try await importer.add(reader.read(Array("subject,purpose,status,date\nimported-1,analytics,yes,2025-01-02T10:00:00Z\n".utf8)))
        try await importer.add(reader.finish())
        #expect(try await importer.finish().stored == 1)
        #expect(try await store.states(of: [erasedKey], in: fixture.property.id).isEmpty)
        let newKey = pseudonymizer.key(for: "imported-1", in: fixture.property.id)
        #expect(newKey != erasedKey)
        #expect(try await store.states(of: [newKey], in: fixture.property.id)[newKey]?.purposes["analytics"]?.choice == .granted)
        #expect(try await StoreAudit.run(store).isClean)
    }

    @Test func tombstonesTravelInAnExportAndTheTargetHoldsNothingOfTheErased() async throws {
        let source = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: source)
        let (erased, kept) = (fixture.newSubject(), fixture.newSubject())
        _ = try await source.append([fixture.event(erased, ["analytics": .granted]), fixture.event(kept, ["analytics": .denied])])
        _ = try await source.eraseSubjects([erased], in: fixture.property.id, at: fixture.start)
        var lines: [String] = []
        let exported = try await StoreExporter(store: source, includeSecrets: true).run(at: Date()) { lines.append($0) }
        #expect(exported.erasedSubjects == 1)
        #expect(lines.contains { $0.hasPrefix(#"{"type":"erasedSubject""#) && $0.contains(erased.hex) })

        let target = InMemoryConsentStore()
        try await StoreImporter.prepare(target)
        var importer = StoreImporter(store: target, batchSize: 1)
        for (index, line) in lines.enumerated() { try await importer.consume(line, number: index + 1) }
        let summary = try await importer.finish()
        #expect(summary.erasedSubjects == 1)
        #expect(try await target.allStates() == source.allStates())
        #expect(try await target.states(of: [erased], in: fixture.property.id).isEmpty)
        #expect(try await target.erasedSubjects(after: nil, limit: 10).map(\.subject) == [erased])
        let report = try await StoreAudit.run(target)
        #expect(report.isClean && report.erasedSubjects == 1)
    }
}
