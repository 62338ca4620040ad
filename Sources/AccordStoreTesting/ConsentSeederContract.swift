import AccordCore
import Foundation
import Testing

/// The bulk path of capacity tests (`ConsentSeeder`, `accord seed-consents`) on every store: it stores what the
/// server's consent write stores (events in their chains, state rows, vault entries) so the audit passes, in
/// subject order, and a second run stores nothing new.
public enum ConsentSeederContract {
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "seededEventsVerifyAndLeaveTheStatesAndVaultEntriesAWriteWould") { store in
            let fixture = try await ContractFixture.make(in: store)
            let log = try #require(store as? any VaultedConsentLog)
            let seeder = seeder(fixture, count: 45)
            let order = await seeder.order()
            #expect(order.count == 45 && Set(order).count == 45)
            let keys = order.map { pseudonymizer.key(for: ConsentSeeder.visitorID(Int($0)), in: fixture.property.id) }
            #expect(zip(keys, keys.dropFirst()).allSatisfy { $0.bytes.lexicographicallyPrecedes($1.bytes) }, "appended in subject order")
            var commits: [Int] = []
            let summary = try await seeder.run(into: log, order: order, batchSize: 10) { commits.append($0.stored) }
            #expect(summary.stored == 45 && summary.batches == 5 && commits == [10, 20, 30, 40, 45])
            #expect(try await StoreAudit.run(store).isClean)
            let before = try await store.allStates()
            try await store.rebuildStates()
            #expect(try await store.allStates() == before)
            let states = try await store.states(of: keys, in: fixture.property.id)
            #expect(states.count == 45)
            for (index, key) in zip(order.map(Int.init), keys) {
                #expect(states[key]?.purposes["analytics"]?.choice == (index & 1 == 1 ? .granted : .denied))
                #expect(states[key]?.purposes["personalization"]?.choice == (index & 4 == 4 ? .granted : .denied))
                let entry = try await store.vaultEntry(of: key, in: fixture.property.id)
                #expect(try entry.map(cipher.identity(of:)) == ConsentSeeder.visitorID(index))
            }
            let stored = try #require(try await store.events(of: keys[7], in: fixture.property.id, before: nil, limit: 5).first)
            #expect(stored.event.idempotencyKey?.utf8.count == 32 && stored.event.source == .banner)
            #expect(stored.event.region == "DE-BY" && stored.event.ipPrefix == "203.0.113.0" && stored.event.userAgent != nil)
        },
        ContractCase(name: "aSeededEventIsTheEventTheConsentWriteRecordsForTheSameRequest") { store in
            let (fixture, _, order) = try await seeded(store, count: 3, batchSize: 100)
            let index = Int(order[1])
            let key = pseudonymizer.key(for: ConsentSeeder.visitorID(index), in: fixture.property.id)
            let seeded = try #require(try await store.events(of: key, in: fixture.property.id, before: nil, limit: 1).first?.event)
            // The request the SDK sends for that choice, recorded by the server's recorder in another property.
            let other = try await ContractFixture.make(in: store)
            let recorder = ConsentRecorder(
                store: store, pseudonymizer: pseudonymizer,
                signer: try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey()), issuer: "contract",
                directory: SubjectDirectory(vault: store, cipher: cipher), now: { seeded.recordedAt })
            let request = ConsentRequest(
                subject: ConsentSeeder.visitorID(index), choices: seeded.choices.reduce(into: [:]) { $0[$1.key.rawValue] = $1.value.rawValue },
                source: "banner", policyVersion: other.policy.version, region: "DE-BY", locale: "de", gpc: false,
                idempotencyKey: seeded.idempotencyKey, clientTimestamp: seeded.clientTime?.rfc3339)
            let shape = ConsentSeeder.Shape()
            let recorded = try await recorder.record(
                request, in: other.property, client: ClientContext(address: "\(shape.addressPrefix).\(index % 256)", userAgent: shape.userAgent),
                authentication: .keyless(origin: shape.origin)
            ).stored.event
            var expected = recorded
            expected.id = seeded.id
            expected.property = seeded.property
            expected.subject = seeded.subject
            #expect(seeded == expected)
            #expect(try await store.vaultEntry(of: recorded.subject, in: other.property.id) != nil)
        },
        ContractCase(name: "seedingTheSameEventsAgainStoresNothingNew") { store in
            let (_, seeder, order) = try await seeded(store, count: 12, batchSize: 5)
            let log = try #require(store as? any VaultedConsentLog)
            let heads = try await store.chainHeads()
            let again = try await seeder.run(into: log, order: order, batchSize: 5)
            #expect(again.stored == 0 && again.replayed == 12 && again.refused == 0)
            #expect(try await store.chainHeads() == heads)
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]

    static let pseudonymizer = SubjectPseudonymizer(secret: [UInt8](repeating: 9, count: 32))
    static let cipher = SubjectVaultCipher(secret: [UInt8](repeating: 10, count: 32))

    /// A new property with `count` events seeded into `store` in batches of `batchSize`, its seeder and their order.
    static func seeded(
        _ store: any ConsentStore, count: Int, batchSize: Int
    ) async throws -> (fixture: ContractFixture, seeder: ConsentSeeder, order: ConsentSeeder.Order) {
        let fixture = try await ContractFixture.make(in: store)
        let log = try #require(store as? any VaultedConsentLog)
        let seeder = seeder(fixture, count: count)
        let order = await seeder.order()
        _ = try await seeder.run(into: log, order: order, batchSize: batchSize)
        return (fixture, seeder, order)
    }

    static func seeder(_ fixture: ContractFixture, count: Int) -> ConsentSeeder {
        ConsentSeeder(
            property: fixture.property, policy: fixture.policy, pseudonymizer: pseudonymizer, cipher: cipher, count: count,
            last: fixture.start, step: 1.5)
    }
}
