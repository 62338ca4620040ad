import AccordCore
import Foundation
import Testing

extension ConsentStoreContract {
    static let configurationCases: [ContractCase] = [
        ContractCase(name: "savedPropertyReadsBackEqual") { store in
            let fixture = try await ContractFixture.make(in: store)
            #expect(try await store.property(fixture.property.id) == fixture.property)
            #expect(try await store.properties().contains(fixture.property))
            #expect(try await store.property("no-such-property") == nil)
        },
        ContractCase(name: "savingAPropertyAgainReplacesIt") { store in
            let fixture = try await ContractFixture.make(in: store)
            var changed = fixture.property
            changed.name = "Renamed"
            changed.allowedOrigins = ["https://*.example.com"]
            try await store.importProperty(changed)
            #expect(try await store.property(changed.id) == changed)
        },
        ContractCase(name: "publishedPolicyVersionIsImmutable") { store in
            let fixture = try await ContractFixture.make(in: store)
            #expect(try await store.policyVersion(1, of: fixture.property.id) == fixture.policy)
            var altered = fixture.property
            altered.purposes[1].description = "Something else"
            let again = PolicyVersion(publishing: altered, version: 1, previous: nil, at: Date(), by: "test")
            await #expect(throws: StoreError.policyVersionExists(fixture.property.id, 1)) {
                try await store.importPolicyVersion(again)
            }
            #expect(try await store.policyVersion(1, of: fixture.property.id) == fixture.policy)
            #expect(try await store.policyVersion(2, of: fixture.property.id) == nil)
        },
        ContractCase(name: "aPublishedVersionKeepsItsControllerAndPolicies") { store in
            let fixture = try await ContractFixture.make(in: store)
            var property = fixture.property
            property.controller = DataController(name: "Shop GmbH", contact: "privacy@shop.example")
            property.privacyPolicyURLs = ["en": "https://shop.example/privacy"]
            let version = PolicyVersion(
                publishing: property, version: 2, previous: fixture.policy, at: Date(millisecondsSince1970: 5_000), by: "test")
            try await store.importPolicyVersion(version)
            let read = try #require(try await store.policyVersion(2, of: property.id))
            #expect(read == version)
            #expect(read.controller == property.controller && read.privacyPolicyURLs == property.privacyPolicyURLs)
            #expect(try await store.policyVersion(1, of: property.id) == fixture.policy)
        },
    ]

    static let keyCases: [ContractCase] = [
        ContractCase(name: "revokedKeyIsGoneAndOthersStay") { store in
            let (token, key) = APIKey.generate(name: "old", scopes: [.admin], at: Date(millisecondsSince1970: 1_000))
            let (otherToken, other) = APIKey.generate(name: "other", scopes: [.admin], at: Date(millisecondsSince1970: 1_000))
            try await store.saveAPIKey(key)
            try await store.saveAPIKey(other)
            #expect(try await store.revokeAPIKeys(prefix: key.prefix) == [key])
            #expect(try await store.apiKey(hash: APIKey.hash(of: token)) == nil)
            #expect(try await store.apiKey(hash: APIKey.hash(of: otherToken)) == other)
            #expect(try await store.revokeAPIKeys(prefix: key.prefix) == [])
        },
        ContractCase(name: "apiKeyIsFoundByHashOnly") { store in
            let (token, key) = APIKey.generate(name: "crm", scopes: [.consentsRead], at: Date(millisecondsSince1970: 1_000))
            try await store.saveAPIKey(key)
            #expect(try await store.apiKey(hash: APIKey.hash(of: token)) == key)
            #expect(try await store.apiKey(hash: APIKey.hash(of: token + "x")) == nil)
        },
        ContractCase(name: "secretIsCreatedOnceAndKept") { store in
            let name = "test-secret-\(UUID().uuidString)"
            let first = try await store.secret(named: name) { [1, 2, 3] }
            let second = try await store.secret(named: name) { [9, 9, 9] }
            #expect(first == [1, 2, 3])
            #expect(second == [1, 2, 3])
        },
    ]
}
