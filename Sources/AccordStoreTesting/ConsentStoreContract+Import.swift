import AccordCore
import Foundation
import Testing

extension ConsentStoreContract {
    static let importCases: [ContractCase] = [
        ContractCase(name: "importedEventsKeepTheirIdsLinksAndHashes") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = (0..<3).map { _ in fixture.newSubject() }
            let events = subjects.flatMap { subject in
                (0..<3).map { round in
                    fixture.event(
                        subject, round == 1 ? ["marketing": .denied] : ["analytics": round == 0 ? .granted : .denied], offset: Double(round))
                }
            }
            let linked = linkedInChainOrder(events)
            // Two batches: the second continues chains the first started.
            try await store.importEvents(Array(linked.prefix(4)))
            try await store.importEvents(Array(linked.dropFirst(4)))

            let read = try await store.eventsInChainOrder(after: nil, limit: 100).filter { $0.event.property == fixture.property.id }
            #expect(read.map(\.event) == linked.map(\.event))
            #expect(read.map(\.link) == linked.map(\.link))
            let heads = Set(try await store.chainHeads())
            for stored in linked { #expect(heads.contains(stored.link.head) == (stored == linked.last { $0.link.chain == stored.link.chain })) }
            let states = try await store.states(of: subjects, in: fixture.property.id)
            for subject in subjects {
                #expect(states[subject] == ConsentState(folding: events.filter { $0.subject == subject }))
            }
            #expect(try await verify(store) == nil)
        },
        ContractCase(name: "appendingAfterAnImportContinuesTheChains") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let linked = linkedInChainOrder([fixture.event(subject, ["analytics": .granted], idempotencyKey: "moved")])
            try await store.importEvents(linked)
            let results = try await store.append([fixture.event(subject, ["analytics": .denied], offset: 5)])
            let link = try #require(results.first?.stored?.link)
            #expect(link.position == 2)
            #expect(link.previousHash == linked[0].link.hash)
            // Idempotency keys travel with their events: a retry after the move is answered from the moved event.
            var retry = linked[0].event
            retry.id = .make(at: Date())
            let replay = try await store.append([retry])
            #expect(replay.first?.stored?.event.id == linked[0].event.id)
            #expect(try await verify(store) == nil)
        },
        ContractCase(name: "apiKeysAreListedOldestFirst") { store in
            let newer = APIKey.generate(name: "newer", scopes: [.consentsRead], at: Date(millisecondsSince1970: 2_000)).key
            let older = APIKey.generate(name: "older", scopes: [.admin, .consentsWrite], at: Date(millisecondsSince1970: 1_000)).key
            try await store.saveAPIKey(newer)
            try await store.saveAPIKey(older)
            let listed = try await store.apiKeys().filter { [newer.hash, older.hash].contains($0.hash) }
            #expect(listed == [older, newer])
        },
    ]

    /// `events` linked into their chains from the genesis (in the given order per chain), sorted in chain order
    /// as an export lists them.
    public static func linkedInChainOrder(_ events: [ConsentEvent]) -> [StoredEvent] {
        var heads: [String: ChainHead] = [:]
        let linked = events.map { event in
            let chain = AuditChain.chain(for: event.property, subject: event.subject)
            let link = AuditChain.link(event, after: heads[chain] ?? .genesis(of: chain))
            heads[chain] = link.head
            return StoredEvent(event: event, sequence: 0, link: link)
        }
        return linked.sorted { ($0.link.chain, $0.link.position) < ($1.link.chain, $1.link.position) }
    }
}
