import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ExperienceAPITests {
    let path = "/v1/properties/demo/experience"

    @Test func regionAndLocaleFromTheQueryPickRegimeAndTexts() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.get, "\(path)?region=DE-BY&locale=de-AT", headers: localOrigin)
            #expect(response.status == .ok)
            #expect(response.body["regime"] as? String == "optIn")
            #expect(response.body["regulation"] as? String == "GDPR")
            #expect(response.body["locale"] as? String == "de")
            #expect(response.body["region"] as? String == "DE-BY")
            #expect(response.body["policyVersion"] as? Int == 1)
            #expect(response.body["gpc"] as? Bool == false)
            let purposes = try #require(response.body["purposes"] as? [[String: Any]])
            #expect(purposes.map { $0["key"] as? String } == ["necessary", "analytics", "marketing", "personalization"])
            #expect(purposes[1]["name"] as? String == "Statistik")
            #expect(purposes[1]["default"] as? String == "denied")
            #expect(purposes[1]["cookies"] as? [String] == ["_ga", "_gid"])
            #expect(purposes[2]["consentMode"] as? [String] == ["ad_storage", "ad_user_data", "ad_personalization"])
            #expect((response.body["texts"] as? [String: String])?["acceptAll"] == "Alle akzeptieren")
            #expect(response.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            #expect(response.headers[.cacheControl] == "public, max-age=60")
            #expect(response.headers[.vary]?.contains("Origin") == true)
        }
    }

    @Test func optOutRegionWithGPCHeaderEchoesIt() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.get, "\(path)?region=US-CA", headers: [.origin: "http://127.0.0.1:5000", .secGPC: "1"])
            #expect(response.body["regime"] as? String == "optOut")
            #expect(response.body["honoursGPC"] as? Bool == true)
            #expect(response.body["gpc"] as? Bool == true)
            let purposes = try #require(response.body["purposes"] as? [[String: Any]])
            #expect(purposes.first { $0["key"] as? String == "marketing" }?["gpcOptOut"] as? Bool == true)
            #expect(purposes.first { $0["key"] as? String == "analytics" }?["gpcOptOut"] as? Bool == false)
            #expect(purposes.first { $0["key"] as? String == "analytics" }?["default"] as? String == "granted")
        }
    }

    @Test func entityTagAnswers304() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let first = try await client.send(.get, "\(path)?region=JP")
            #expect(first.body["regime"] as? String == "noticeOnly")
            #expect(first.headers[.accessControlAllowOrigin] == nil)
            let tag = try #require(first.headers[.eTag])
            #expect(tag.hasPrefix("\"") && tag.count == 34)
            let again = try await client.send(.get, "\(path)?region=JP", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.headers[.eTag] == tag)
            let other = try await client.send(.get, "\(path)?region=DE", headers: [.ifNoneMatch: tag])
            #expect(other.status == .ok)
            #expect(other.headers[.eTag] != tag)
        }
    }

    @Test func trustedRegionHeaderIsUsedWithoutAQueryRegion() async throws {
        let store = InMemoryConsentStore()
        let test = try await TestApplication.make(store: store)
        var property = DemoProperty.make()
        property.regionHeader = "CF-IPCountry"
        try await store.importProperty(property)
        try await test.application.test(.router) { client in
            let header = try #require(HTTPField.Name("CF-IPCountry"))
            let response = try await client.send(.get, path, headers: [header: "GB"])
            #expect(response.body["regulation"] as? String == "UK GDPR")
            #expect(response.headers[.vary]?.contains("CF-IPCountry") == true)
            let placeholder = try await client.send(.get, path, headers: [header: "T1"])
            #expect(placeholder.body["regulation"] as? String == "unknown region")
            let query = try await client.send(.get, "\(path)?region=US-CA", headers: [header: "GB"])
            #expect(query.body["regime"] as? String == "optOut")
        }
    }

    @Test(arguments: [
        ("region=de", "region"), ("region=DEU", "region"), ("region=US-", "region"), ("locale=d", "locale"),
        ("locale=de_DE", "locale"),
    ])
    func badRegionOrLocaleIs422(query: String, field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.get, "\(path)?\(query)", headers: localOrigin)
            #expect(response.status == .unprocessableContent)
            #expect(response.body.errorField == field)
            #expect(response.headers[.accessControlAllowOrigin] == "http://localhost:3000")
        }
    }

    @Test func unknownPropertyAndForeignOriginAreRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            #expect(try await client.send(.get, "/v1/properties/nope/experience").status == .notFound)
            let foreign = try await client.send(.get, path, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.body.errorCode == "origin_not_allowed")
        }
    }
}

extension HTTPField.Name {
    static let secGPC = HTTPField.Name("Sec-GPC")!
}
