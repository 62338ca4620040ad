import AccordCore
import Foundation
import Testing

@Suite struct DataMapConfigTests {
    func seeded() async throws -> (InMemoryConsentStore, ConfigPlanner) {
        let store = InMemoryConsentStore()
        let editor = ConfigurationEditor(store: store)
        _ = try await editor.create(DemoProperty.make(), by: "test")
        _ = try await editor.publish(DemoProperty.id, by: "test")
        return (store, ConfigPlanner(editor: editor, dataMap: store))
    }

    func document(_ store: InMemoryConsentStore, _ systems: [String: [String: SystemDocument]]?) async throws -> ConfigDocument {
        ConfigDocument(properties: try await store.properties(), systems: systems)
    }

    static let crm = SystemDocument(
        DataSystem(
            property: "demo", key: "crm", name: "CRM", categories: [.identifiers, .inferences], sources: ["event"],
            thirdParties: [ThirdParty(name: "Mailer", relation: .sharedWith)], updatedAt: Date()))

    @Test func systemsAreAddedChangedAndRemovedByTheDocumentThenNothingChanges() async throws {
        let (store, planner) = try await seeded()
        let add = try await planner.plan(
            try await document(store, ["demo": ["crm": Self.crm, "shop": SystemDocument(.init(property: "demo", key: "shop", updatedAt: Date()))]]))
        #expect(add.changes == [.addSystem("demo", "crm"), .addSystem("demo", "shop")])
        try await planner.apply(add)
        #expect(try await store.system("crm", of: "demo")?.categories == [.identifiers, .inferences])
        #expect(try await store.system("shop", of: "demo")?.name == "shop")

        var changed = Self.crm
        changed.categories = [.identifiers]
        changed.retention = "2 years"
        let change = try await planner.plan(try await document(store, ["demo": ["crm": changed]]))
        #expect(change.changes == [.changeSystem("demo", "crm", fields: ["categories", "retention"]), .removeSystem("demo", "shop")])
        #expect(change.changes.map(\.description) == ["~ system demo/crm: categories, retention", "- system demo/shop"])
        try await planner.apply(change)
        #expect(try await store.allSystems(of: "demo").map(\.key) == ["crm"])
        #expect(try await planner.plan(try await document(store, ["demo": ["crm": changed]])).isEmpty)
        #expect(try await planner.plan(try await document(store, nil)).isEmpty, "a document without systems leaves the maps alone")
    }

    @Test func aDocumentRoundTripsItsSystemsThroughJSON() throws {
        let document = ConfigDocument(properties: [], systems: ["demo": ["crm": Self.crm]])
        let decoded = try JSONDecoder().decode(ConfigDocument.self, from: try JSONEncoder().encode(document))
        #expect(decoded.systems == document.systems)
        let text = String(decoding: try JSONEncoder().encode(ConfigDocument(properties: [])), as: UTF8.self)
        #expect(!text.contains("systems"), "no data map, no key: older documents stay as they were")
    }

    @Test func badSystemsAndUnknownPropertiesAreRefusedNamingThePath() async throws {
        let (store, planner) = try await seeded()
        var bad = Self.crm
        bad.sources = ["ok", ""]
        await #expect(throws: ConfigurationError(.invalidValue, field: "systems.demo.crm.sources[1]", "must not be empty")) {
            try await planner.plan(try await self.document(store, ["demo": ["crm": bad]]))
        }
        await #expect(throws: ConfigurationError.self) {
            try await planner.plan(try await self.document(store, ["elsewhere": ["crm": Self.crm]]))
        }
        await #expect(throws: ConfigurationError.self) {
            try await planner.plan(try await self.document(store, ["demo": ["Bad Key": Self.crm]]))
        }
    }
}

@Suite struct RightToKnowTests {
    @Test func theAnswerListsEachCategorySourceAndRecipientOnceWithWhatWasSoldOrShared() {
        let time = Date()
        let systems = [
            DataSystem(
                property: "p", key: "shop", categories: [.commercial, .identifiers], sources: ["website form", "event "],
                purposes: ["orders"],
                thirdParties: [ThirdParty(name: "Acme Ads", relation: .soldTo), ThirdParty(name: "Courier", relation: .sharedWith)],
                updatedAt: time),
            DataSystem(
                property: "p", key: "crm", categories: [.identifiers, .sensitiveHealth], sources: ["event"], purposes: ["marketing", "orders"],
                thirdParties: [ThirdParty(name: "Acme Ads", relation: .sharedWith)], updatedAt: time),
            DataSystem(property: "p", key: "logs", categories: [.internetActivity], updatedAt: time),
        ]
        let answer = RightToKnowAnswer.compose(from: systems)
        #expect(answer.categories == [.identifiers, .commercial, .internetActivity, .sensitiveHealth])
        #expect(answer.sources == ["event", "website form"])
        #expect(answer.purposes == ["marketing", "orders"])
        #expect(answer.thirdParties.map(\.name) == ["Acme Ads", "Courier"])
        #expect(answer.thirdParties[0].relations == [.sharedWith, .soldTo])
        #expect(answer.thirdParties[0].categories == [.identifiers, .commercial, .sensitiveHealth])
        #expect(answer.sold.map(\.category) == [.identifiers, .commercial])
        #expect(answer.shared.first { $0.category == .identifiers }?.thirdParties == ["Acme Ads", "Courier"])
        #expect(answer.shared.first { $0.category == .sensitiveHealth }?.thirdParties == ["Acme Ads"])
        #expect(answer.systems == ["crm", "logs", "shop"])
        #expect(RightToKnowAnswer.compose(from: []).categories.isEmpty)
    }

    @Test func categoryVocabularyIsExactlyTheIssuesList() {
        #expect(DataCategory.allCases.count == 23)
        #expect(DataCategory.allCases.filter(\.isSensitive).count == 12)
        #expect(DataCategory(rawValue: "sensitive.governmentId")?.withheldByDefault == true)
        #expect(DataCategory.identifiers.withheldByDefault == false)
    }
}
