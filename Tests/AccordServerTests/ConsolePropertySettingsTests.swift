import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// A property's own settings as a console form, over real HTTP: saved through the audited editor with the same
/// validation as the admin API, each refusal beside its field with what was typed kept, a stale form refused with
/// the other change shown, CSRF checked, and read-only for auditors and agents.
@Suite struct ConsolePropertySettingsTests {
    static func form(_ page: ConsoleBrowser.Page, _ changes: [String: String] = [:], etag: String? = nil) throws -> [(String, String)] {
        var values: [String: String] = [
            "name": "Demo shop", "allowedOrigins": "https://shop.example\nhttp://localhost:*", "defaultLocale": "en",
            "locales": "en, de", "defaultRegion": "DE", "regionHeader": "CF-IPCountry", "cookieDomain": "", "cookieLifetimeDays": "180",
            "expiryNoticeDays": "14", "requestTimeZone": "Europe/Berlin", "privacyContact": "privacy@shop.example",
            "requestHolidays": "2026-12-25\n2026-12-26", "tcfEnabled": "1", "tcfVendors": "755, 12",
        ]
        values.merge(changes) { $1 }
        return [("csrf", page.csrf ?? ""), ("etag", try etag ?? ConsoleRegionsTests.etag(page))]
            + values.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty || $0.key != "tcfEnabled" }
    }

    @Test func anEditorSavesEverySettingThroughTheAuditedEditor() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/settings")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<label for="setting-allowedOrigins">"#))
            let saved = try await browser.send(client, .post, "/console/properties/demo/settings", form: try Self.form(page))
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/console/properties/demo/settings?saved=1")
            let property = try #require(try await test.services.store.property("demo"))
            #expect(property.name == "Demo shop")
            #expect(property.allowedOrigins.map(\.description) == ["https://shop.example:443", "http://localhost:*"])
            #expect(property.locales == ["en", "de"] && property.defaultLocale == "en")
            #expect(property.defaultRegion == "DE" && property.regionHeader == "CF-IPCountry" && property.cookieDomain == nil)
            #expect(property.cookieLifetimeDays == 180 && property.expiryNoticeDays == 14)
            #expect(property.tcfEnabled && !property.gppEnabled && !property.confirmChoicesByEmail)
            #expect(property.requestTimeZone == "Europe/Berlin" && property.privacyContact == "privacy@shop.example")
            #expect(property.requestHolidays == ["2026-12-25", "2026-12-26"])
            #expect(property.tcfVendors == [755, 12] || property.tcfVendors == [12, 755])
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "property.update" && trail.first?.entry.actor == "user:\(editor)")
            let landed = try await browser.send(client, .get, "/console/properties/demo/settings?saved=1")
            #expect(landed.body.contains(#"role="status">Saved."#))
            #expect(landed.body.contains(#"value="Europe/Berlin""#))
        }
    }

    @Test func eachRefusalComesBackBesideItsFieldWithWhatWasTyped() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/settings")
            let before = try await test.services.store.property("demo")
            let cases: [(String, String, String)] = [
                ("allowedOrigins", "https://shop.example\nshop.example/path", "is not an origin"),
                ("cookieLifetimeDays", "a year", "whole number"),
                ("cookieLifetimeDays", "4000", "1 to 3650"),
                ("locales", "en, not a locale", "BCP 47"),
                ("defaultLocale", "e_n", "BCP 47"),
                ("defaultRegion", "Atlantis", "Atlantis"),
                ("requestTimeZone", "CET+1", "IANA"),
                ("privacyContact", "nobody", "e-mail address"),
                ("requestHolidays", "2026-13-01", "YYYY-MM-DD"),
                ("name", " ", "required"),
                ("regionHeader", "CF IPCountry", "header name"),
                ("tcfVendors", "12, x", "not a vendor id"),
                ("tcfVendors", "12, 70000", "1 to 65535"),
            ]
            for (field, value, message) in cases {
                let refused = try await browser.send(
                    client, .post, "/console/properties/demo/settings", form: try Self.form(page, [field: value]))
                #expect(refused.status == .unprocessableContent, "\(field)")
                let described = #"aria-invalid="true" aria-describedby="setting-\#(field)-hint setting-\#(field)-error""#
                #expect(refused.body.contains(described) || refused.body.contains(#"aria-describedby="setting-\#(field)-error""#), "\(field)")
                let error = refused.body.firstMatch(of: #/<p class="error" id="setting-(\w+)-error">([^<]*)</p>/#)
                #expect(error.map { String($0.output.1) } == field, "\(field)")
                #expect(
                    error.map { $0.output.2.lowercased().contains(message.lowercased()) } == true,
                    "\(field): \(error.map { String($0.output.2) } ?? "none")")
                // What was typed comes back (HTML-escaped), and nothing was saved.
                let typed = value.trimmingCharacters(in: .whitespaces)
                #expect(typed.isEmpty || refused.body.contains(typed), "\(field)")
                #expect(try await test.services.store.property("demo") == before, "\(field)")
            }
        }
    }

    @Test func aStaleFormShowsTheOtherChangeAndAMissingTokenIsRefused() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/settings")
            _ = try await test.services.editor.change("demo", by: "someone", action: "property.update") { $0.name = "Renamed elsewhere" }
            let stale = try await browser.send(client, .post, "/console/properties/demo/settings", form: try Self.form(page))
            #expect(stale.status == .conflict)
            #expect(stale.body.contains(#"value="Renamed elsewhere""#) && stale.body.contains("yours were not saved"))
            #expect(try await test.services.store.property("demo")?.name == "Renamed elsewhere")
            var forged = try Self.form(page)
            forged.removeAll { $0.0 == "csrf" }
            let noToken = try await browser.send(client, .post, "/console/properties/demo/settings", form: forged)
            #expect(noToken.status == .forbidden)
            #expect(try await test.services.store.property("demo")?.name == "Renamed elsewhere")
        }
    }

    @Test func auditorsAndAgentsReadTheSettingsButMayNotSaveThem() async throws {
        let test = try await ConsoleTestApp.make()
        for role in [ConsoleRole.auditor, .agent] {
            let email = try await test.user(role)
            try await test.application.test(.live) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, email)
                let page = try await browser.send(client, .get, "/console/properties/demo/settings")
                #expect(page.status == .ok)
                #expect(page.body.contains(#"name="name" value="Demo"#) && page.body.contains(" readonly"))
                #expect(!page.body.contains("Save the settings"))
                let refused = try await browser.send(
                    client, .post, "/console/properties/demo/settings", form: try Self.form(page, etag: "x"))
                #expect(refused.status == .forbidden)
                #expect(try await test.services.store.property("demo")?.name != "Demo shop")
            }
        }
    }
}
