import AccordCore
import Foundation
import Testing

/// What every store does with a property's data map: keeps each system whole, per property, pages by key, replaces
/// and deletes it.
public enum DataMapContract {
    public static let cases: [ContractCase] = [
        ContractCase(name: "systemsAreSavedReadBackWholeAndListedByKeyCursor") { store in
            let fixture = try await ContractFixture.make(in: store)
            let id = fixture.property.id
            let crm = sample(id, "crm", at: fixture.start)
            #expect(try await store.saveSystem(crm))
            for key in ["shop-db", "analytics", "z_last"] { #expect(try await store.saveSystem(sample(id, key, at: fixture.start))) }
            #expect(try await store.system("crm", of: id) == crm)
            let first = try await store.systems(of: id, after: nil, limit: 2)
            #expect(first.map(\.key) == ["analytics", "crm"])
            #expect(try await store.systems(of: id, after: "crm", limit: 10).map(\.key) == ["shop-db", "z_last"])
            #expect(try await store.allSystems(of: id).count == 4)
        },
        ContractCase(name: "savingAnExistingSystemReplacesItAndSaysItWasNotNew") { store in
            let fixture = try await ContractFixture.make(in: store)
            let id = fixture.property.id
            #expect(try await store.saveSystem(sample(id, "crm", at: fixture.start)))
            var changed = sample(id, "crm", at: fixture.start.addingTimeInterval(60))
            changed.categories = [.commercial]
            changed.thirdParties = []
            changed.owner = nil
            #expect(try await store.saveSystem(changed) == false)
            #expect(try await store.system("crm", of: id) == changed)
            #expect(try await store.allSystems(of: id) == [changed])
        },
        ContractCase(name: "systemsBelongToTheirPropertyAndAreDeletedOnce") { store in
            let fixture = try await ContractFixture.make(in: store)
            let other = try await ContractFixture.make(in: store)
            #expect(try await store.saveSystem(sample(fixture.property.id, "crm", at: fixture.start)))
            #expect(try await store.system("crm", of: other.property.id) == nil)
            #expect(try await store.deleteSystem("crm", of: other.property.id) == false)
            #expect(try await store.deleteSystem("crm", of: fixture.property.id))
            #expect(try await store.deleteSystem("crm", of: fixture.property.id) == false)
            #expect(try await store.system("crm", of: fixture.property.id) == nil)
        },
    ]

    /// A system with every field set, including text that needs escaping in JSON and SQL.
    static func sample(_ property: PropertyID, _ key: String, at time: Date) -> DataSystem {
        DataSystem(
            property: property, key: key, name: "The \(key) \"system\" ✓", owner: "privacy@example.com", description: "It's\nhere",
            categories: [.identifiers, .commercial, .sensitiveGovernmentId], sources: ["website form", "event"],
            purposes: ["order fulfilment"],
            thirdParties: [ThirdParty(name: "Mailchimp", relation: .sharedWith), ThirdParty(name: "Acme Ads", relation: .soldTo)],
            retention: "24 months after the last order", updatedAt: time)
    }
}
