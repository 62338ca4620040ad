import AccordCore
import Foundation
import Testing

/// Runs SQL against a store's own database with its append-only guards and CHECK constraints out of the way, as
/// whoever owns the database could. Each durable backend's test target provides it; the in-memory store has no
/// rows to damage and skips these cases.
public typealias StoreDamage = @Sendable (_ sql: String) async throws -> Void

/// One check that a row edited by hand is reported, run by a backend's tests with its store and its `StoreDamage`.
public struct DamageContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore, StoreDamage) async throws -> Void
    public var testDescription: String { name }
}

extension ConsentStoreContract {
    /// Reading a damaged row throws `StoreError.corrupt` naming its table and column; it never crashes the server.
    public static let damageCases: [DamageContractCase] =
        [
            ("regime", "'bogus'"), ("source", "'telepathy'"), ("choices", "'not json'"), ("choices", #"'{"analytics":"maybe"}'"#),
            ("expires_at", #"'{"analytics":"soon"}'"#), ("authenticated_by", "'somebody'"),
        ].map { column, value in
            DamageContractCase(name: "eventWithBad_\(column)_\(value)_IsCorrupt") { store, damage in
                let fixture = try await ContractFixture.make(in: store)
                let subject = fixture.newSubject()
                let original = fixture.event(subject, ["analytics": .granted], idempotencyKey: "damaged")
                _ = try await store.append([fixture.event(subject, ["marketing": .denied], offset: -1), original])
                try await damage("UPDATE consent_events SET \(column) = \(value) WHERE id = '\(original.id.rawValue)'")
                let corrupt = StoreError.corrupt("consent_events.\(column) is not valid")
                await #expect(throws: corrupt) { try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10) }
                await #expect(throws: corrupt) { try await store.eventsInChainOrder(after: nil, limit: 1_000_000) }
                // A retry reads the damaged event to answer from it.
                var retry = original
                retry.id = .make(at: Date())
                await #expect(throws: corrupt) { try await store.append([retry]) }
            }
        } + [
            DamageContractCase(name: "stateRowWithBadChoiceIsCorrupt") { store, damage in
                let fixture = try await ContractFixture.make(in: store)
                let subject = fixture.newSubject()
                let event = fixture.event(subject, ["analytics": .granted])
                _ = try await store.append([event])
                // By the fixture's own property, not the event id: a backend may store that id in a form of its own.
                try await damage("UPDATE consent_state SET choice = 'maybe' WHERE property_id = '\(fixture.property.id.rawValue)'")
                await #expect(throws: StoreError.corrupt("consent_state.choice is not valid")) {
                    try await store.states(of: [subject], in: fixture.property.id)
                }
            },
            // Read by the check (`states`) and by the append planner (the subject's state rows before its next event).
            DamageContractCase(name: "stateRowWithBadNoticeIsCorruptToChecksAndAppends") { store, damage in
                let fixture = try await ContractFixture.make(in: store)
                let (subject, other) = (fixture.newSubject(), fixture.newSubject())
                _ = try await store.append([fixture.event(subject, ["analytics": .granted]), fixture.event(other, ["analytics": .denied])])
                try await damage(
                    "UPDATE consent_state SET expiry_notice = 'bogus' WHERE property_id = '\(fixture.property.id.rawValue)'")
                let corrupt = StoreError.corrupt("consent_state.expiry_notice is not valid")
                await #expect(throws: corrupt) { try await store.states(of: [other, subject], in: fixture.property.id) }
                await #expect(throws: corrupt) { try await store.append([fixture.event(subject, ["analytics": .denied], offset: 1)]) }
            },
        ]
}
