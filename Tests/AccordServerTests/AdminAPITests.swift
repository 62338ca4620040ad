import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct AdminAPITests {
    static let shop = #"""
        {"id":"shop","name":"Shop","allowedOrigins":["https://shop.example"],"locales":["en","de"],
         "purposes":[
           {"key":"necessary","name":"Necessary","description":"Needed.","isRequired":true,"legalBasis":"legalObligation",
            "translations":{"de":{"name":"Notwendig","description":"Nötig."}}},
           {"key":"analytics","name":"Analytics","description":"Counting visits.",
            "translations":{"de":{"name":"Statistik","description":"Besuche zählen."}}}],
         "consentMode":{"analytics":["analytics_storage"]}}
        """#

    @Test func createPublishAndRecordOnANewProperty() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let created = try await client.send(.post, "/v1/admin/properties", json: Self.shop, headers: admin)
            #expect(created.status == .created)
            #expect(created.body["currentPolicyVersion"] as? Int == 0)
            let again = try await client.send(.post, "/v1/admin/properties", json: Self.shop, headers: admin)
            #expect(again.status == .conflict)
            let origin: HTTPFields = [.origin: "https://shop.example"]
            let consent = #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#
            let early = try await client.send(.post, "/v1/properties/shop/consents", json: consent, headers: origin)
            #expect(early.body.errorCode == "policy_version_unknown")
            let published = try await client.send(.post, "/v1/admin/properties/shop/policies", headers: admin)
            #expect(published.status == .created)
            #expect(published.body["version"] as? Int == 1)
            #expect(published.body["changedPurposes"] as? [String] == ["necessary", "analytics"])
            let snapshot = try await client.send(.get, "/v1/admin/properties/shop/policies/1", headers: admin)
            #expect(snapshot.body["contentHash"] as? String == published.body["contentHash"] as? String)
            #expect(((snapshot.body["texts"] as? [String: Any])?["de"] as? [String: String])?["rejectAll"] == "Alle ablehnen")
            #expect(try await client.send(.post, "/v1/properties/shop/consents", json: consent, headers: origin).status == .created)
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }

    @Test func changedPurposesAreAskedAgainInTheNextVersion() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let purpose =
                #"{"key":"analytics","name":"Analytics","description":"Counting visits and heatmaps.","translations":{"de":{"name":"Statistik","description":"Besuche und Heatmaps."}}}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/purposes/analytics", json: purpose, headers: admin).status == .ok)
            let lifetime =
                #"{"key":"marketing","name":"Marketing","description":"Advertising and measuring it, including sharing with advertising partners.","lifetimeDays":90,"optOutCategories":["sale","sharing","targetedAdvertising"],"translations":{"de":{"name":"Marketing","description":"Werbung und deren Messung, einschließlich Weitergabe an Werbepartner."}}}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/purposes/marketing", json: lifetime, headers: admin).status == .ok)
            let published = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin)
            #expect(published.body["version"] as? Int == 2)
            #expect(published.body["changedPurposes"] as? [String] == ["analytics"])
            let list = try await client.send(.get, "/v1/admin/properties/demo/policies?limit=1", headers: admin)
            #expect((list.body["policies"] as? [[String: Any]])?.first?["version"] as? Int == 2)
            #expect(list.body["nextCursor"] as? String == "2")
        }
    }

    @Test func purposesWithConsentsCanOnlyBeRetired() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"a","choices":{"personalization":"granted"}}"#, headers: admin)
            let delete = try await client.send(.delete, "/v1/admin/properties/demo/purposes/personalization", headers: admin)
            #expect(delete.status == .unprocessableContent)
            #expect(delete.body.errorCode == "purpose_has_consents")
            #expect(delete.body.errorField == "purposes.personalization")
            let retire =
                #"{"key":"personalization","name":"Personalization","description":"Remembering preferences and tailoring content to you.","isRetired":true}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/purposes/personalization", json: retire, headers: admin).status == .ok)
            #expect(try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin).status == .created)
            let refused = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"a","choices":{"personalization":"granted"}}"#, headers: admin)
            #expect(refused.body.errorCode == "purpose_unknown")
            let history = try await client.send(.get, "/v1/properties/demo/subjects/a/events", headers: admin)
            #expect((history.body["events"] as? [Any])?.count == 1)
            #expect(try await client.send(.delete, "/v1/admin/properties/demo/purposes/analytics", headers: admin).status == .noContent)
        }
    }

    @Test(arguments: [
        (
            #"{"id":"x","name":"X","purposes":[{"key":"a","name":"A","description":"a"},{"key":"a","name":"B","description":"b"}]}"#,
            "purpose_duplicate", "purposes[1].key"
        ),
        (#"{"id":"x","name":"X","defaultRegion":"XX"}"#, "region_unknown", "defaultRegion"),
        (
            #"{"id":"x","name":"X","regionRules":{"rules":[{"regions":["DE","ZZ"],"regime":"optIn","regulation":"GDPR"}],"fallback":{"regime":"noticeOnly","regulation":"none"},"unknown":{"regime":"optIn","regulation":"?"}}}"#,
            "region_unknown", "regionRules.rules[0].regions[1]"
        ),
        (#"{"id":"Bad Id","name":"X"}"#, "invalid_value", "id"),
        (#"{"id":"x","name":"X","locales":["de"]}"#, "invalid_value", "locales"),
        (#"{"id":"x","name":"X","texts":{"en":{"headline":"Hi"}}}"#, "invalid_value", "texts.en.headline"),
        (#"{"id":"x","name":"X","consentMode":{"ads":["ad_storage"]}}"#, "invalid_value", "consentMode.ads"),
        (#"{"id":"x","name":"X","allowedOrigins":["not an origin"]}"#, "value_invalid", "allowedOrigins[0]"),
        (#"{"id":"x"}"#, "field_missing", "name"),
    ])
    func invalidPropertiesAreRefusedNamingTheField(body: String, code: String, field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.post, "/v1/admin/properties", json: body, headers: bearer(test.adminKey))
            #expect(response.status == .unprocessableContent)
            #expect(response.body.errorCode == code)
            #expect(response.body.errorField == field)
        }
    }

    @Test func publishingNeedsTextsForEveryEnabledLocale() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            #expect(try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"locales":["en","de","sv"]}"#, headers: admin).status == .ok)
            let refused = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorCode == "translation_missing")
            #expect(refused.body.errorField == "texts.sv.title")
            let swedish = Dictionary(uniqueKeysWithValues: BannerTexts.fields.map { ($0, "sv: \($0)") })
            let body = String(decoding: try JSONSerialization.data(withJSONObject: swedish), as: UTF8.self)
            #expect(try await client.send(.put, "/v1/admin/properties/demo/texts/sv", json: body, headers: admin).status == .ok)
            let texts = try await client.send(.get, "/v1/admin/properties/demo/texts/sv", headers: admin)
            #expect((texts.body["effective"] as? [String: String])?["acceptAll"] == "sv: acceptAll")
            let stillMissing = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin)
            #expect(stillMissing.body.errorField == "purposes.necessary.translations.sv")
        }
    }

    @Test func everyChangeIsAuditedWithItsActorAndBeforeAndAfter() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let renamed = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"name":"Demo renamed"}"#, headers: bearer(test.adminKey))
            #expect(renamed.body["name"] as? String == "Demo renamed")
            let unchanged = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"name":"Demo renamed"}"#, headers: bearer(test.adminKey))
            #expect(unchanged.status == .ok)
            let audit = try await client.send(.get, "/v1/admin/properties/demo/audit", headers: bearer(test.adminKey))
            let entries = try #require(audit.body["entries"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["property.update", "policy.publish", "property.create"])
            #expect((entries[0]["actor"] as? String)?.hasPrefix("key:admin") == true)
            #expect((entries[0]["before"] as? String)?.contains("\"Demo site\"") == true)
            #expect((entries[0]["after"] as? String)?.contains("\"Demo renamed\"") == true)
            let readOnly = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"id":"other"}"#, headers: bearer(test.adminKey))
            #expect(readOnly.body.errorField == "id")
        }
        let report = try await StoreAudit.run(test.services.store)
        #expect(report.isClean)
        #expect(report.auditEntryCount == 3)
    }

    @Test func adminRoutesNeedTheAdminScope() async throws {
        let test = try await TestApplication.make()
        let reader = try await test.key([.consentsRead, .consentsWrite])
        try await test.application.test(.router) { client in
            #expect(try await client.send(.get, "/v1/admin/properties").status == .unauthorized)
            #expect(try await client.send(.get, "/v1/admin/properties", headers: bearer(reader)).status == .forbidden)
            let list = try await client.send(.get, "/v1/admin/properties", headers: bearer(test.adminKey))
            #expect((list.body["properties"] as? [[String: Any]])?.first?["id"] as? String == "demo")
            #expect(try await client.send(.get, "/v1/admin/properties/nope", headers: bearer(test.adminKey)).status == .notFound)
        }
    }

    @Test func archivedPropertiesStopTakingConsent() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            #expect(try await client.send(.delete, "/v1/admin/properties/demo", headers: bearer(test.adminKey)).status == .ok)
            let response = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#, headers: localOrigin)
            #expect(response.status == .notFound)
        }
    }
}

@Suite struct ListingShapeTests {
    /// Every listing carries `nextCursor`, null on its last page, as openapi.yaml requires.
    @Test func listingsAlwaysCarryNextCursor() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            for uri in [
                "/v1/admin/properties", "/v1/admin/properties/demo/policies", "/v1/admin/properties/demo/audit",
                "/v1/properties/demo/subjects/nobody/events",
            ] {
                let response = try await client.send(.get, uri, headers: bearer(test.adminKey))
                #expect(response.status == .ok, "\(uri)")
                #expect(response.body["nextCursor"] is NSNull, "\(uri)")
            }
        }
    }
}
