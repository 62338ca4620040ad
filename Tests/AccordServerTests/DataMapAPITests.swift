import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct DataMapAPITests {
    static let base = "/v1/admin/properties/demo/systems"

    @Test func aSystemIsCreatedReplacedReadListedByCursorAndDeleted() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let body = #"""
                {"name":"Shop database","owner":"Data team","description":"Orders","categories":["identifiers","commercial"],
                 "sources":["website form"],"purposes":["order fulfilment"],
                 "thirdParties":[{"name":"Acme Ads","relation":"soldTo"}],"retention":"7 years"}
                """#
            let created = try await client.send(.put, "\(Self.base)/shop-db", json: body, headers: admin)
            #expect(created.status == .created)
            #expect(created.body["key"] as? String == "shop-db")
            #expect(created.body["categories"] as? [String] == ["identifiers", "commercial"])
            #expect((created.body["thirdParties"] as? [[String: Any]])?.first?["relation"] as? String == "soldTo")
            let replaced = try await client.send(.put, "\(Self.base)/shop-db", json: #"{"categories":["geolocation"]}"#, headers: admin)
            #expect(replaced.status == .ok)
            #expect(replaced.body["name"] as? String == "shop-db", "a PUT replaces the whole system")
            #expect(replaced.body["owner"] is NSNull)
            #expect(try await client.send(.put, "\(Self.base)/crm", json: "{}", headers: admin).status == .created)
            let read = try await client.send(.get, "\(Self.base)/shop-db", headers: admin)
            #expect(read.body["categories"] as? [String] == ["geolocation"])
            let page = try await client.send(.get, "\(Self.base)?limit=1", headers: admin)
            #expect((page.body["systems"] as? [[String: Any]])?.first?["key"] as? String == "crm")
            let cursor = try #require(page.body["nextCursor"] as? String)
            let rest = try await client.send(.get, "\(Self.base)?limit=1&cursor=\(cursor)", headers: admin)
            #expect((rest.body["systems"] as? [[String: Any]])?.map { $0["key"] as? String } == ["shop-db"])
            #expect(try await client.send(.delete, "\(Self.base)/crm", headers: admin).status == .noContent)
            #expect(try await client.send(.delete, "\(Self.base)/crm", headers: admin).body.errorCode == "system_not_found")
            #expect(try await client.send(.get, "\(Self.base)/crm", headers: admin).status == .notFound)
        }
    }

    @Test(arguments: [
        (#"{"categories":["identifiers","gossip"]}"#, "categories[1]"),
        (#"{"categories":["identifiers","identifiers"]}"#, "categories[1]"),
        (#"{"thirdParties":[{"name":"X","relation":"lentTo"}]}"#, "thirdParties[0].relation"),
        (#"{"thirdParties":[{"name":" ","relation":"soldTo"}]}"#, "thirdParties[0].name"),
        (#"{"sources":[""]}"#, "sources[0]"),
        (#"{"name":""}"#, "name"),
        (#"{"retention":"a\u0000b"}"#, "retention"),
        (#"{"categories":"identifiers"}"#, "categories"),
    ])
    func badSystemsAreRefusedNamingTheFieldAndNothingIsStored(_ body: String, _ field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let answer = try await client.send(.put, "\(Self.base)/crm", json: body, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorField == field)
            #expect(try await client.send(.get, "\(Self.base)/crm", headers: bearer(test.adminKey)).status == .notFound)
        }
    }

    @Test func badKeysUnknownPropertiesAndMissingKeysAreRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let bad = try await client.send(.put, "\(Self.base)/CRM", json: "{}", headers: bearer(test.adminKey))
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "system")
            let unknown = try await client.send(.get, "/v1/admin/properties/nope/systems", headers: bearer(test.adminKey))
            #expect(unknown.body.errorCode == "property_not_found")
            #expect(try await client.send(.get, Self.base).status == .unauthorized)
        }
    }

    @Test func rightToKnowIsComposedFromTheMap() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .put, "\(Self.base)/shop",
                json:
                    #"{"categories":["commercial","identifiers"],"sources":["website form"],"purposes":["orders"],"thirdParties":[{"name":"Acme Ads","relation":"soldTo"}]}"#,
                headers: admin)
            _ = try await client.send(
                .put, "\(Self.base)/crm",
                json:
                    #"{"categories":["identifiers","inferences"],"sources":["event"],"purposes":["marketing"],"thirdParties":[{"name":"Mailer","relation":"sharedWith"}]}"#,
                headers: admin)
            let answer = try await client.send(.get, "/v1/admin/properties/demo/right-to-know", headers: admin)
            #expect(answer.status == .ok)
            #expect(answer.body["categories"] as? [String] == ["identifiers", "commercial", "inferences"])
            #expect(answer.body["sources"] as? [String] == ["event", "website form"])
            let sold = try #require(answer.body["sold"] as? [[String: Any]])
            #expect(sold.map { $0["category"] as? String } == ["identifiers", "commercial"])
            #expect(sold.first?["thirdParties"] as? [String] == ["Acme Ads"])
            let shared = try #require(answer.body["shared"] as? [[String: Any]])
            #expect(shared.map { $0["category"] as? String } == ["identifiers", "inferences"])
        }
    }
}
