import AccordCore
import AccordPostgres
import AccordStoreTesting
import Foundation
import Testing

/// Issue 13 §6 across instances: instance A erases a person while instance B, sharing A's database, still has an
/// erased set from before (it refreshes every 5 s; here never). B's writes for that person must never land on the
/// erased key: its append transaction reads the tombstones under a lock that orders it with the erasure
/// (`ErasureScreen`), and B writes again under the next generation's key.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresErasureRaceTests {
    let secret = Array(repeating: UInt8(7), count: 32)
    let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))

    /// Two stores (two connection pools: two instances) on one schema.
    func withTwoInstances(_ body: (PostgresConsentStore, PostgresConsentStore) async throws -> Void) async throws {
        try await TestPostgres.withSchema { schema in
            let a = PostgresConsentStore(settings: try TestPostgres.settings(), searchPath: schema, logger: TestPostgres.logger)
            let b = PostgresConsentStore(settings: try TestPostgres.settings(), searchPath: schema, logger: TestPostgres.logger)
            try await a.withRunningClient {
                try await a.migrate()
                try await b.withRunningClient { try await body(a, b) }
            }
        }
    }

    func recorder(on store: PostgresConsentStore, _ pseudonymizer: SubjectPseudonymizer) throws -> ConsentRecorder {
        ConsentRecorder(
            store: store, pseudonymizer: pseudonymizer, signer: try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey()),
            issuer: "instance", directory: SubjectDirectory(vault: store, cipher: cipher))
    }

    func write(_ clear: String, _ choice: String, with recorder: ConsentRecorder, in property: Property) async throws -> SubjectKey {
        try await recorder.record(
            ConsentRequest(subject: clear, choices: ["analytics": choice]), in: property, client: ClientContext(),
            authentication: .apiKey(prefix: "acc_test00")
        ).stored.event.subject
    }

    @Test func aWriteOnAnInstanceWithAStaleErasedSetLandsOnTheNextGenerationNotOnTheErasedKey() async throws {
        try await withTwoInstances { a, b in
            let fixture = try await ContractFixture.make(in: a)
            let property = fixture.property.id
            let onA = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: a))
            let staleB = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: b, interval: .seconds(3_600)))
            let writerB = try recorder(on: b, staleB)
            let first = try await write("dana@example.com", "granted", with: writerB, in: fixture.property)
            #expect(first == onA.key(for: "dana@example.com", in: property))

            let counts = try await a.eraseSubjects([first], in: property, at: Date())
            onA.erased?.insert([first], in: property)
            #expect(counts.subjects == 1 && counts.vaultEntries == 1)
            #expect(staleB.erased?.contains(first, in: property) == false, "B has not seen the erasure")

            let again = try await write("dana@example.com", "denied", with: writerB, in: fixture.property)
            #expect(again != first)
            #expect(again == onA.key(for: "dana@example.com", in: property), "both instances agree on the new key")
            #expect(try await a.states(of: [first], in: property).isEmpty, "nothing is folded for the erased key again")
            #expect(try await a.vaultEntry(of: first, in: property) == nil, "no clear id under the erased key")
            #expect(try await a.events(of: first, in: property, before: nil, limit: 10).count == 1, "only the event from before")
            #expect(try await a.states(of: [again], in: property)[again]?.purposes["analytics"]?.choice == .denied)
            #expect(try await StoreAudit.run(a).isClean)
        }
    }

    @Test func erasuresRacingWritesOnAnotherInstanceLeaveNothingUnderTheErasedKeys() async throws {
        try await withTwoInstances { a, b in
            let fixture = try await ContractFixture.make(in: a)
            let full = fixture.property
            let property = full.id
            let onA = SubjectPseudonymizer(secret: secret)
            let staleB = SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: b, interval: .seconds(3_600)))
            let writerB = try recorder(on: b, staleB)
            let people = (0..<16).map { "racer-\($0)@example.com" }
            for person in people { _ = try await write(person, "granted", with: writerB, in: fixture.property) }
            let erasedKeys = people.map { onA.key(for: $0, in: property) }

            // Each person: A erases while B writes for them five times; every write must succeed.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (person, key) in zip(people, erasedKeys) {
                    group.addTask { _ = try await a.eraseSubjects([key], in: property, at: Date()) }
                    group.addTask {
                        for round in 0..<5 {
                            _ = try await write(person, round.isMultiple(of: 2) ? "denied" : "granted", with: writerB, in: full)
                        }
                    }
                }
                try await group.waitForAll()
            }
            // A write that committed before its person's erasure was erased with them; one after it went to the next
            // generation: no state row, no vault entry under any erased key.
            #expect(try await a.states(of: erasedKeys, in: property).isEmpty)
            for key in erasedKeys { #expect(try await a.vaultEntry(of: key, in: property) == nil) }
            // B's next write for each goes to the next generation, whatever it knew.
            for (person, key) in zip(people, erasedKeys) {
                #expect(try await write(person, "granted", with: writerB, in: fixture.property) != key)
            }
            #expect(try await a.states(of: erasedKeys, in: property).isEmpty)
            #expect(try await StoreAudit.run(a).isClean)
        }
    }
}
