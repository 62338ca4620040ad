import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Who asks (controller, contact, privacy policy per locale), vendors per purpose and the warning before publishing,
/// through the console as a browser uses it.
@Suite struct ConsoleNoticeTests {
    @Test func editorSetsTheControllerAndPoliciesWithEachRefusalBesideItsField() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/notice")
            #expect(page.status == .ok && page.body.contains(#"id="policy-en" name="policy.en""#))
            let etag = try ConsoleRegionsTests.etag(page)
            let refused = try await browser.send(
                client, .post, "/console/properties/demo/notice",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag), ("controllerName", "Demo GmbH"), ("controllerContact", "call us"),
                    ("policy.en", "https://demo.example/privacy"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"value="call us" aria-invalid="true" aria-describedby="controller-contact-error""#))
            #expect(refused.body.contains(#"value="https://demo.example/privacy""#))  // what was typed is kept
            #expect(try await test.services.store.property("demo")?.controller == nil)
            let badURL = try await browser.send(
                client, .post, "/console/properties/demo/notice",
                form: [("csrf", page.csrf ?? ""), ("etag", etag), ("policy.en", "ftp://demo.example/privacy")])
            #expect(badURL.status == .unprocessableContent && badURL.body.contains(#"id="policy-en-error""#))
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/notice",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag), ("controllerName", "Demo GmbH"),
                    ("controllerContact", "privacy@demo.example"), ("policy.en", "https://demo.example/privacy"),
                ])
            #expect(saved.status == .seeOther)
            let property = try #require(try await test.services.store.property("demo"))
            #expect(property.controller == DataController(name: "Demo GmbH", contact: "privacy@demo.example"))
            #expect(property.privacyPolicyURLs == ["en": "https://demo.example/privacy"])
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "notice.update" && trail.first?.entry.actor == "user:\(editor)")
        }
    }

    @Test func thePublishFormWarnsWithoutAPolicyAndPublishingSaysSoToo() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            #expect(page.body.contains(#"<p class="alert" id="publish-warning">Warning: No privacy-policy URL for en"#))
            #expect(page.body.contains(#"<button type="submit" aria-describedby="publish-warning">Publish"#))
            let published = try await browser.send(
                client, .post, "/console/properties/demo/publish", form: [("csrf", page.csrf ?? "")])
            #expect(published.status == .seeOther)
            let location = try #require(published.headers[.location])
            #expect(location.hasSuffix("&warned=1"))
            let landed = try await browser.send(client, .get, location)
            #expect(landed.body.contains("Published as policy version") && landed.body.contains("No privacy-policy URL for en"))
        }
    }

    @Test func vendorsAreSavedPerPurposeOnePerLine() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            let etag = try ConsoleRegionsTests.etag(page)
            let purpose = try #require(try await test.services.store.property("demo")?.purpose("analytics"))
            func post(_ vendors: String, etag: String) async throws -> ConsoleBrowser.Page {
                try await browser.send(
                    client, .post, "/console/properties/demo/purposes/analytics",
                    form: [
                        ("csrf", page.csrf ?? ""), ("etag", etag), ("name", purpose.name), ("description", purpose.description),
                        ("vendorsShown", "1"), ("vendors", vendors),
                    ])
            }
            let twice = try await post("Plausible\nPlausible", etag: etag)
            #expect(twice.status == .unprocessableContent)
            #expect(twice.body.contains(#"aria-describedby="vendors-analytics-error">Plausible"#))
            #expect(twice.body.contains("listed twice"))
            let saved = try await post(" Plausible \r\n\r\nMatomo Cloud\n", etag: etag)
            #expect(saved.status == .seeOther)
            #expect(try await test.services.store.property("demo")?.purpose("analytics")?.vendors == ["Plausible", "Matomo Cloud"])
        }
    }
}
