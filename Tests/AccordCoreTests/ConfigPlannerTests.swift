import AccordCore
import Foundation
import Testing

@Suite struct ConfigPlannerTests {
    func seeded() async throws -> (InMemoryConsentStore, ConfigPlanner) {
        let store = InMemoryConsentStore()
        let editor = ConfigurationEditor(store: store)
        _ = try await editor.create(DemoProperty.make(), by: "test")
        _ = try await editor.publish(DemoProperty.id, by: "test")
        return (store, ConfigPlanner(editor: editor))
    }

    /// Export → JSON → a new, empty store reproduces the setup exactly; applying again changes nothing.
    @Test func exportedDocumentReproducesTheSetupAndIsIdempotent() async throws {
        let (store, _) = try await seeded()
        let exported = ConfigDocument(properties: try await store.properties())
        let decoded = try JSONDecoder().decode(ConfigDocument.self, from: try JSONEncoder().encode(exported))

        let empty = InMemoryConsentStore()
        let planner = ConfigPlanner(editor: ConfigurationEditor(store: empty))
        let plan = try await planner.plan(decoded)
        #expect(plan.changes == [.addProperty("demo"), .publish("demo", askAgain: ["necessary", "analytics", "marketing", "personalization"])])
        try await planner.apply(plan)
        let reproduced = ConfigDocument(properties: try await empty.properties())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(reproduced) == encoder.encode(exported))
        #expect(try await planner.plan(decoded).isEmpty)
        #expect(try await StoreAudit.run(empty).isClean)
    }

    @Test func planNamesChangesAndWhatMustBeAskedAgain() async throws {
        let (store, planner) = try await seeded()
        var property = try #require(try await store.property("demo"))
        property.purposes[1].description = "Counting visits with heatmaps."
        property.purposes[2].lifetimeDays = 30
        property.allowedOrigins.append("https://demo.example")
        property.purposes.append(
            Purpose(
                key: "newsletter", name: "Newsletter", description: "News by email.", channels: [.email],
                translations: ["de": .init(name: "Newsletter", description: "Neuigkeiten per E-Mail.")]))
        let plan = try await planner.plan(ConfigDocument(properties: [property]))
        #expect(plan.changes.contains(.changePurpose("demo", "analytics")))
        #expect(plan.changes.contains(.changePurpose("demo", "marketing")))
        #expect(plan.changes.contains(.addPurpose("demo", "newsletter")))
        #expect(plan.changes.contains(.changeProperty("demo", fields: ["allowedOrigins"])))
        #expect(plan.changes.contains(.publish("demo", askAgain: ["analytics", "newsletter"])))
        try await planner.apply(plan)
        #expect(try await store.property("demo")?.currentPolicyVersion == 2)
        #expect(try await store.policyVersion(2, of: "demo")?.changedPurposes == ["analytics", "newsletter"])
        #expect(try await planner.plan(ConfigDocument(properties: [property])).isEmpty)
    }

    /// The expiry notice windows travel with the configuration: exported, read back, planned and applied.
    @Test func expiryNoticeDaysAreConfigurationAsCode() async throws {
        let (store, planner) = try await seeded()
        var property = try #require(try await store.property("demo"))
        #expect(property.expiryNoticeDays == 30)
        property.expiryNoticeDays = 14
        property.purposes[2].expiryNoticeDays = 45
        let document = try JSONDecoder().decode(
            ConfigDocument.self, from: try JSONEncoder().encode(ConfigDocument(properties: [property])))
        let plan = try await planner.plan(document)
        #expect(plan.changes.contains(.changeProperty("demo", fields: ["expiryNoticeDays"])))
        #expect(plan.changes.contains(.changePurpose("demo", "marketing")))
        try await planner.apply(plan)
        let applied = try #require(try await store.property("demo"))
        #expect(applied.expiryNoticeDays == 14)
        #expect(applied.expiryNoticeDays(for: "marketing") == 45 && applied.expiryNoticeDays(for: "analytics") == 14)
        #expect(try await planner.plan(document).isEmpty)
    }

    /// The choices confirmation switch travels with the configuration too, off when a document leaves it out.
    @Test func confirmChoicesByEmailIsConfigurationAsCodeAndOffByDefault() async throws {
        let (store, planner) = try await seeded()
        var property = try #require(try await store.property("demo"))
        #expect(property.confirmChoicesByEmail == false)
        let exported = String(decoding: try JSONEncoder().encode(ConfigDocument(properties: [property])), as: UTF8.self)
        #expect(exported.contains(#""confirmChoicesByEmail":false"#))
        let minimal = try JSONDecoder().decode(Property.self, from: Data(#"{"id":"x","name":"X"}"#.utf8))
        #expect(minimal.confirmChoicesByEmail == false)

        property.confirmChoicesByEmail = true
        let document = try JSONDecoder().decode(
            ConfigDocument.self, from: try JSONEncoder().encode(ConfigDocument(properties: [property])))
        let plan = try await planner.plan(document)
        #expect(plan.changes == [.changeProperty("demo", fields: ["confirmChoicesByEmail"])])
        try await planner.apply(plan)
        #expect(try await store.property("demo")?.confirmChoicesByEmail == true)
        #expect(try await planner.plan(document).isEmpty)
    }

    @Test func invalidNoticeWindowIsRefusedNamingTheField() {
        var property = DemoProperty.make()
        property.purposes[1].expiryNoticeDays = -1
        #expect(throws: ConfigurationError.self) { try PropertyValidator.validate(property) }
        do {
            try PropertyValidator.validate(property)
        } catch {
            #expect(error.field == "purposes[1].expiryNoticeDays")
        }
    }

    @Test func propertiesMissingFromTheDocumentAreArchivedNotDeleted() async throws {
        let (store, planner) = try await seeded()
        let plan = try await planner.plan(ConfigDocument(properties: []))
        #expect(plan.changes == [.archiveProperty("demo")])
        try await planner.apply(plan)
        #expect(try await store.property("demo")?.isArchived == true)
        #expect(try await store.policyVersion(1, of: "demo") != nil)
    }

    @Test func removingAPurposeWithConsentsIsRefusedButRetiringWorks() async throws {
        let (store, planner) = try await seeded()
        let fixture = try await ContractFixtureLite.event(store)
        _ = fixture
        var property = try #require(try await store.property("demo"))
        property.purposes.removeAll { $0.key == "analytics" }
        await #expect(throws: ConfigurationError.self) { try await planner.plan(ConfigDocument(properties: [property])) }
        property = try #require(try await store.property("demo"))
        property.purposes[1].isRetired = true
        let plan = try await planner.plan(ConfigDocument(properties: [property]))
        #expect(plan.changes.contains(.retirePurpose("demo", "analytics")))
    }

    @Test func invalidDocumentsNameTheFieldWithItsPropertyIndex() async throws {
        let (_, planner) = try await seeded()
        var broken = DemoProperty.make()
        broken.regionRules.rules[0].regions = ["EEA", "XX"]
        do {
            _ = try await planner.plan(ConfigDocument(properties: [DemoProperty.make(), broken]))
            Issue.record("expected an error")
        } catch let error as ConfigurationError {
            #expect(error.code == "property_duplicate" || error.code == "region_unknown")
            #expect(error.field?.hasPrefix("properties[") == true)
        }
    }
}

/// Records one analytics consent on the demo property, straight through the store.
enum ContractFixtureLite {
    static func event(_ store: InMemoryConsentStore) async throws -> ConsentEvent {
        let policy = try #require(try await store.policyVersion(1, of: "demo"))
        let event = ConsentEvent(
            id: .make(at: Date()), property: "demo", subject: SubjectKey(bytes: Array(repeating: 5, count: 32))!,
            choices: ["analytics": .granted], expiresAt: [:], regime: .optIn, policyVersion: 1, policyHash: policy.contentHash,
            source: .api, recordedAt: Date())
        _ = try await store.append([event])
        return event
    }
}
