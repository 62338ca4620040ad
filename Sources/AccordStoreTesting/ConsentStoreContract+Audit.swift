import AccordCore
import Foundation
import Testing

extension ConsentStoreContract {
    static let auditCases: [ContractCase] = [
        ContractCase(name: "eventsAreLinkedIntoVerifiableChains") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let results = try await store.append((0..<4).map { fixture.event(subject, ["analytics": .granted], offset: Double($0)) })
            let links = results.compactMap(\.stored?.link)
            #expect(Set(links.map(\.chain)).count == 1)
            for (earlier, later) in zip(links, links.dropFirst()) {
                #expect(later.position == earlier.position + 1)
                #expect(later.previousHash == earlier.hash)
            }
            #expect(try await verify(store) == nil)
        },
        ContractCase(name: "chainHeadsFollowTheLastEvent") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let results = try await store.append([fixture.event(subject, ["analytics": .granted])])
            let link = try #require(results[0].stored?.link)
            let head = try await store.chainHeads().first { $0.chain == link.chain }
            #expect(head == ChainHead(chain: link.chain, position: link.position, hash: link.hash))
        },
        ContractCase(name: "replayingAllEventsRebuildsTheStateExactly") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = (0..<20).map { _ in fixture.newSubject() }
            for round in 0..<3 {
                _ = try await store.append(
                    subjects.enumerated().map { index, subject in
                        let choice: ConsentChoice = (index + round).isMultiple(of: 2) ? .granted : .denied
                        let keys: [PurposeKey] = round == 1 ? ["marketing"] : ["analytics", "personalization"]
                        return fixture.event(subject, Dictionary(uniqueKeysWithValues: keys.map { ($0, choice) }), offset: Double(round))
                    })
            }
            let before = try await store.allStates()
            #expect(before.filter { $0.property == fixture.property.id }.count == 60)
            try await store.rebuildStates()
            let after = try await store.allStates()
            #expect(after == before)
        },
    ]

    /// Runs the full audit over the store; nil when every chain holds and the state view matches the events.
    public static func verify(_ store: any ConsentStore) async throws -> AuditVerifier.Failure? {
        let report = try await StoreAudit.run(store)
        #expect(report.stateMismatches == 0)
        return report.chainFailure
    }
}
