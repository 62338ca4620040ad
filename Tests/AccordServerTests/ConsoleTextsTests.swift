import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The banner texts form per locale: saved through the audited editor, shown beside the version in force with the
/// changes marked, a stale form refused with the other change shown.
@Suite struct ConsoleTextsTests {
    @Test func editorSavesALocalesTextsAndSeesTheChangeAgainstTheVersionInForce() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/texts/de")
            #expect(page.status == .ok)
            #expect(page.body.contains("0 of these texts differ"))
            let etag = try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
                .replacingOccurrences(of: "&quot;", with: "\"")
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/texts/de",
                form: [("csrf", page.csrf ?? ""), ("etag", etag), ("title", "Datenschutz bei Beispiel"), ("description", "")])
            #expect(saved.status == .seeOther)
            let property = try #require(try await test.services.store.property("demo"))
            #expect(property.texts["de"] == ["title": "Datenschutz bei Beispiel"])
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "texts.update" && trail.first?.entry.actor == "user:\(editor)")
            let after = try await browser.send(client, .get, "/console/properties/demo/texts/de?saved=1")
            #expect(after.body.contains("1 of these texts differ"))
            #expect(after.body.contains("title (changed)"))
            // The form opened before the save is stale now: the other change is shown, nothing overwritten.
            let stale = try await browser.send(
                client, .post, "/console/properties/demo/texts/de",
                form: [("csrf", page.csrf ?? ""), ("etag", etag), ("title", "Mine")])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this property"))
            #expect(try await test.services.store.property("demo")?.texts["de"]?["title"] == "Datenschutz bei Beispiel")
        }
    }

    @Test func auditorReadsTextsButMayNotSaveThem() async throws {
        let test = try await ConsoleTestApp.make()
        let auditor = try await test.user(.auditor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, auditor)
            let page = try await browser.send(client, .get, "/console/properties/demo/texts/en")
            #expect(page.status == .ok && page.body.contains("readonly"))
            let refused = try await browser.send(
                client, .post, "/console/properties/demo/texts/en", form: [("csrf", page.csrf ?? ""), ("title", "x")])
            #expect(refused.status == .forbidden)
        }
    }
}

/// The Consent Mode mapping as checkboxes on each purpose's form.
@Suite struct ConsoleConsentModeTests {
    @Test func editorSetsTheConsentModeSignalsOfAPurpose() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            #expect(page.body.contains(#"id="gcm-analytics-analytics_storage""#))
            let etag = try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
                .replacingOccurrences(of: "&quot;", with: "\"")
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag), ("name", "Analytics"), ("description", "Counting visits."),
                    ("consentModeShown", "1"), ("consentMode", "analytics_storage"), ("consentMode", "functionality_storage"),
                ])
            #expect(saved.status == .seeOther)
            let property = try #require(try await test.services.store.property("demo"))
            #expect(property.consentMode["analytics"] == [.analyticsStorage, .functionalityStorage])
        }
    }
}
