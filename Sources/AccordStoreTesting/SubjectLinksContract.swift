import AccordCore
import Foundation
import Testing

/// The behaviour every `SubjectLinks` store must have: the view of `linked` events, written in their transaction.
public enum SubjectLinksContract {
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "linkedEventWritesTheLinkAndALaterOneReplacesIt") { store in
            let fixture = try await ContractFixture.make(in: store)
            let (visitor, first, second) = (fixture.newSubject(), fixture.newSubject(), fixture.newSubject())
            #expect(try await store.linkedSubject(of: visitor, in: fixture.property.id) == nil)
            _ = try await store.append([linked(fixture, visitor, to: first, ["analytics": .granted], offset: 0)])
            #expect(try await store.linkedSubject(of: visitor, in: fixture.property.id) == first)
            #expect(try await store.linkedVisitors(of: first, in: fixture.property.id) == [visitor])
            _ = try await store.append([linked(fixture, visitor, to: second, [:], offset: 1)])
            #expect(try await store.linkedSubject(of: visitor, in: fixture.property.id) == second)
            #expect(try await store.linkedVisitors(of: first, in: fixture.property.id).isEmpty)
            let state = try await store.states(of: [first], in: fixture.property.id)[first]
            #expect(state?.purposes["analytics"]?.choice == .granted)
            let events = try await store.events(of: first, in: fixture.property.id, before: nil, limit: 10)
            #expect(events.first?.event.linkedSubject == visitor && events.first?.event.kind == .linked)
            #expect(try await StoreAudit.run(store).isClean)
            let before = try await store.allStates()
            try await store.rebuildStates()
            #expect(try await store.allStates() == before)
        }
    ]

    static func linked(
        _ fixture: ContractFixture, _ visitor: SubjectKey, to subject: SubjectKey, _ choices: [PurposeKey: ConsentChoice],
        offset: TimeInterval
    ) -> ConsentEvent {
        var event = fixture.event(subject, choices, offset: offset, source: .link, authentication: .identifyToken)
        event.kind = .linked
        event.linkedSubject = visitor
        return event
    }
}
