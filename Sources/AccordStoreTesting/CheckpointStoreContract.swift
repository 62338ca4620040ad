import AccordCore
import Foundation
import Testing

/// One check of the checkpoint contract, run by each backend's tests with its own store.
public struct CheckpointContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// One check that needs the backend's `StoreDamage` (the durable stores only).
public struct CheckpointDamageCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore, StoreDamage) async throws -> Void
    public var testDescription: String { name }
}

/// What every store of signed checkpoints must do: keep them, serve the newest of each chain of a property, and
/// take the same head twice without failing.
public enum CheckpointStoreContract {
    static let signer = try! ReceiptSigner(privateKeyBytes: Array(repeating: 7, count: 32))

    public static let cases: [CheckpointContractCase] = [
        CheckpointContractCase(name: "latestCheckpointOfEachChainIsServedAndVerifies") { store in
            let fixture = try await ContractFixture.make(in: store)
            let other = try await ContractFixture.make(in: store)
            let subjects = [fixture.newSubject(), fixture.newSubject()]
            _ = try await store.append(subjects.map { fixture.event($0, ["analytics": .granted]) })
            _ = try await store.append([other.event(other.newSubject(), ["analytics": .denied])])
            try await Checkpointing.run(store: store, signer: signer, at: fixture.start)
            _ = try await store.append([fixture.event(subjects[0], ["analytics": .denied], offset: 1)])
            let second = try await Checkpointing.run(store: store, signer: signer, at: fixture.start.addingTimeInterval(3600))
            let served = try await store.latestCheckpoints(of: fixture.property.id)
            let heads = try await store.chainHeads().filter { $0.chain.hasPrefix(fixture.property.id.rawValue + "/") }
            #expect(served.map(\.checkpoint.chain) == heads.map(\.chain).sorted())
            #expect(served.map(\.checkpoint.position) == heads.sorted { $0.chain < $1.chain }.map(\.position))
            #expect(served.allSatisfy { second.contains($0) || $0.checkpoint.time == fixture.start })
            let document = CheckpointDocument.json(property: fixture.property.id, checkpoints: served)
            let verified = try CheckpointDocument.verifiedCheckpoints(in: Data(document), keys: JSONWebKeySet(keys: [signer.publicKey]))
            #expect(verified == served.map(\.checkpoint))
            #expect(try await CheckpointAudit.run(verified, against: store) == nil)
        },
        CheckpointContractCase(name: "checkpointingTheSameHeadTwiceKeepsTheFirst") { store in
            let fixture = try await ContractFixture.make(in: store)
            _ = try await store.append([fixture.event(fixture.newSubject(), ["analytics": .granted])])
            try await Checkpointing.run(store: store, signer: signer, at: fixture.start)
            // A second instance (or a second run in the same hour) signs the same heads later: harmless.
            try await Checkpointing.run(store: store, signer: signer, at: fixture.start.addingTimeInterval(60))
            let served = try await store.latestCheckpoints(of: fixture.property.id)
            #expect(served.count == 1)
            #expect(served.first?.checkpoint.time == fixture.start)
        },
        CheckpointContractCase(name: "aPropertyWithoutCheckpointsServesNone") { store in
            let fixture = try await ContractFixture.make(in: store)
            #expect(try await store.latestCheckpoints(of: fixture.property.id).isEmpty)
        },
    ]

    /// What an attacker holding the database would do: change an event and recompute every later hash and the
    /// head. The chains verify again, but a checkpoint signed before the rewrite names the chain.
    public static let damageCases: [CheckpointDamageCase] = [
        CheckpointDamageCase(name: "rewrittenAndRehashedHistoryPassesTheAuditButNotTheCheckpoint") { store, damage in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            _ = try await store.append([fixture.event(subject, ["analytics": .granted])])
            _ = try await store.append([fixture.event(subject, ["marketing": .denied], offset: 1)])
            _ = try await store.append([fixture.event(subject, ["analytics": .denied], offset: 2)])
            let chain = AuditChain.chain(for: fixture.property.id, subject: subject)
            let checkpoints = try await Checkpointing.run(store: store, signer: signer, at: fixture.start).map(\.checkpoint)
            #expect(checkpoints.map(\.chain).contains(chain))

            let events = try await store.eventsInChainOrder(after: ChainCursor(chain: chain, position: 0), limit: 100)
                .filter { $0.link.chain == chain }
            var previous = events[0].link.previousHash
            var statements: [String] = []
            for (index, stored) in events.enumerated() {
                var event = stored.event
                if index == 0 { event.locale = "fr-FR" }
                let hash = AuditChain.hash(of: event, chain: chain, position: stored.link.position, previousHash: previous)
                statements.append(
                    "UPDATE consent_events SET locale = '\(event.locale ?? "")', prev_hash = '\(previous)', hash = '\(hash)' WHERE id = '\(event.id.rawValue)'"
                )
                previous = hash
            }
            statements.append("UPDATE chain_heads SET hash = '\(previous)' WHERE chain_id = '\(chain)'")
            for statement in statements { try await damage(statement) }

            #expect(try await StoreAudit.run(store).isClean, "the rewrite is consistent: the chains alone cannot tell")
            let failure = try await CheckpointAudit.run(checkpoints, against: store)
            #expect(failure == .rewritten(chain: chain, position: 3))
            #expect(failure?.description.contains("chain \(chain)") == true)
        }
    ]
}
