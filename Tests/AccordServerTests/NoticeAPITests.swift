import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The controller, privacy policy per locale and vendors per purpose through the admin API, the experience and
/// the hosted preference center, and the warning publishing answers without a policy.
@Suite struct NoticeAPITests {
    @Test func publishingWarnsUntilEveryLocaleHasAPolicyAndTheNoticeReachesVisitors() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let bare = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin)
            #expect(bare.status == .created)
            #expect((bare.body["warnings"] as? [String])?.first?.contains("No privacy-policy URL for en") == true)
            let patch = #"""
                {"controller":{"name":"Demo Shop GmbH","contact":"privacy@demo.example"},
                 "privacyPolicyURLs":{"en":"https://demo.example/privacy","de":"https://demo.example/datenschutz"}}
                """#
            let patched = try await client.send(.patch, "/v1/admin/properties/demo", json: patch, headers: admin)
            #expect(patched.status == .ok)
            // The purpose as it is (its translations included), with its vendors.
            let property = try await client.send(.get, "/v1/admin/properties/demo", headers: admin)
            var analytics = try #require((property.body["purposes"] as? [[String: Any]])?.first { $0["key"] as? String == "analytics" })
            analytics["vendors"] = ["Plausible Insights"]
            let vendors = String(decoding: try JSONSerialization.data(withJSONObject: analytics), as: UTF8.self)
            #expect(try await client.send(.put, "/v1/admin/properties/demo/purposes/analytics", json: vendors, headers: admin).status == .ok)
            let published = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin)
            #expect(published.status == .created)
            #expect(published.body["warnings"] as? [String] == [])
            #expect((published.body["changedPurposes"] as? [String])?.contains("analytics") == true)

            let experience = try await client.send(.get, "/v1/properties/demo/experience?region=DE&locale=de")
            let notice = experience.body["notice"] as? [String: Any]
            #expect(notice?["controller"] as? String == "Demo Shop GmbH")
            #expect(notice?["contactHref"] as? String == "mailto:privacy@demo.example")
            #expect(notice?["policyUrl"] as? String == "https://demo.example/datenschutz")
            let served = (experience.body["purposes"] as? [[String: Any]])?.first { $0["key"] as? String == "analytics" }
            #expect(served?["vendors"] as? [String] == ["Plausible Insights"])

            try await client.execute(uri: "/p/demo/preferences?locale=en", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"<p>Demo Shop GmbH · <a href="mailto:privacy@demo.example">privacy@demo.example</a></p>"#))
                #expect(html.contains(#"<a href="https://demo.example/privacy">Privacy policy</a>"#))
                #expect(html.contains("<small>Shared with: Plausible Insights</small>"))
            }
            let bad = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"privacyPolicyURLs":{"en":"javascript:alert(1)"}}"#, headers: admin)
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "privacyPolicyURLs.en")
        }
    }
}
