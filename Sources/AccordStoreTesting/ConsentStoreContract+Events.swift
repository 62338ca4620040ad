import AccordCore
import Foundation
import Testing

extension ConsentStoreContract {
    static let eventCases: [ContractCase] = [
        ContractCase(name: "appendedEventReadsBackWithEveryField") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let event = fixture.event(subject, ["analytics": .granted, "marketing": .denied], idempotencyKey: "k-1")
            let results = try await store.append([event])
            #expect(results.count == 1)
            let stored = try #require(results[0].stored)
            #expect(stored.event == event)
            let listed = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
            #expect(listed == [stored])
        },
        ContractCase(name: "everyAuthenticationReadsBackAndOlderEventsHaveNone") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let kinds: [ConsentAuthentication?] = [
                .apiKey(prefix: "acc_AbC-_9"), .preferenceLink, .keyless(origin: "http://[::1]:8080"), nil,
            ]
            let events = kinds.enumerated().map { index, kind in
                fixture.event(subject, ["analytics": .granted], offset: Double(index), authentication: kind)
            }
            _ = try await store.append(events)
            let listed = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
            #expect(listed.reversed().map(\.event.authentication) == kinds)
            // Each kind is part of the hash, and an event without one keeps the v1 form older chains were built in.
            for stored in listed {
                #expect(
                    stored.link.hash
                        == AuditChain.hash(
                            of: stored.event, chain: stored.link.chain, position: stored.link.position,
                            previousHash: stored.link.previousHash))
            }
        },
        ContractCase(name: "latestChoicePerPurposeWins") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let first = fixture.event(subject, ["analytics": .granted, "marketing": .granted])
            let second = fixture.event(subject, ["marketing": .denied], offset: 60)
            let results = try await store.append([first, second])
            let state = try #require(try await store.states(of: [subject], in: fixture.property.id)[subject])
            #expect(state.purposes["analytics"]?.choice == .granted)
            #expect(state.purposes["analytics"]?.eventID == first.id)
            #expect(state.purposes["marketing"]?.choice == .denied)
            #expect(state.purposes["marketing"]?.eventID == second.id)
            #expect(state.purposes["marketing"]?.since == second.recordedAt)
            #expect(results[1].state == state)
            #expect(results[0].state?.purposes["marketing"]?.choice == .granted)
            #expect(state == ConsentState(folding: [first, second]))
        },
        ContractCase(name: "sameIdempotencyKeyStoresOneEventAndAnswersTheSame") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let original = fixture.event(subject, ["analytics": .granted], idempotencyKey: "same")
            let first = try await store.append([original])
            _ = try await store.append([fixture.event(subject, ["analytics": .denied], offset: 5)])
            var retry = original
            retry.id = .make(at: Date())
            retry.recordedAt = original.recordedAt.addingTimeInterval(30)
            let second = try await store.append([retry])
            guard case .replayed(let stored, let state) = second[0] else {
                Issue.record("expected a replay, got \(second[0])")
                return
            }
            #expect(stored == first[0].stored)
            #expect(state == first[0].state)
            #expect(try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10).count == 2)
        },
        ContractCase(name: "reusedIdempotencyKeyWithOtherContentIsRefused") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let original = fixture.event(subject, ["analytics": .granted], idempotencyKey: "k")
            _ = try await store.append([original])
            let different = fixture.event(subject, ["analytics": .denied], idempotencyKey: "k")
            #expect(try await store.append([different]) == [.idempotencyConflict(existing: original.id)])
            #expect(try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10).count == 1)
        },
        ContractCase(name: "duplicateKeysInsideOneBatchStoreOnce") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let event = fixture.event(subject, ["analytics": .granted], idempotencyKey: "batch")
            var twin = event
            twin.id = .make(at: Date())
            let results = try await store.append([event, twin])
            #expect(results[0].stored?.event.id == event.id)
            #expect(results[1].stored?.event.id == event.id)
            #expect(try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10).count == 1)
        },
        ContractCase(name: "idempotencyKeysAreScopedToTheProperty") { store in
            let one = try await ContractFixture.make(in: store)
            let two = try await ContractFixture.make(in: store)
            let a = try await store.append([one.event(one.newSubject(), ["analytics": .granted], idempotencyKey: "shared")])
            let b = try await store.append([two.event(two.newSubject(), ["analytics": .denied], idempotencyKey: "shared")])
            guard case .recorded = a[0], case .recorded = b[0] else {
                Issue.record("both properties should record their own event")
                return
            }
        },
        ContractCase(name: "subjectEventsPageNewestFirst") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            let other = fixture.newSubject()
            var ids: [EventID] = []
            for index in 0..<5 {
                let event = fixture.event(subject, ["analytics": index.isMultiple(of: 2) ? .granted : .denied], offset: Double(index))
                ids.append(event.id)
                _ = try await store.append([event, fixture.event(other, ["marketing": .granted], offset: Double(index))])
            }
            let page1 = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 2)
            #expect(page1.map(\.event.id) == [ids[4], ids[3]])
            let page2 = try await store.events(of: subject, in: fixture.property.id, before: page1.last!.sequence, limit: 2)
            #expect(page2.map(\.event.id) == [ids[2], ids[1]])
            let page3 = try await store.events(of: subject, in: fixture.property.id, before: page2.last!.sequence, limit: 2)
            #expect(page3.map(\.event.id) == [ids[0]])
        },
        ContractCase(name: "statesAreReadForManySubjectsAtOnce") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = (0..<300).map { _ in fixture.newSubject() }
            _ = try await store.append(
                subjects.enumerated().map { index, subject in
                    fixture.event(subject, ["analytics": index.isMultiple(of: 3) ? .granted : .denied])
                })
            let unknown = fixture.newSubject()
            let states = try await store.states(of: subjects + [unknown], in: fixture.property.id)
            #expect(states.count == 300)
            #expect(states[unknown] == nil)
            for (index, subject) in subjects.enumerated() {
                #expect(states[subject]?.purposes["analytics"]?.choice == (index.isMultiple(of: 3) ? .granted : .denied))
            }
        },
    ]
}
