import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The region rules form and the comparison of any two versions, through the console as a browser uses it.
@Suite struct ConsoleRegionsTests {
    static func etag(_ page: ConsoleBrowser.Page) throws -> String {
        try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
            .replacingOccurrences(of: "&quot;", with: "\"")
    }

    static func post(_ form: RegionRulesForm, csrf: String, etag: String) -> [(String, String)] {
        [("csrf", csrf), ("etag", etag)]
            + RegionRulesFormTests.fields(form).sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } }
    }

    @Test func editorAddsARuleThatTheExperienceThenApplies() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/regions")
            #expect(page.status == .ok && page.body.contains(#"id="regions-0" name="regions.0" value="EEA""#))
            let current = try #require(try await test.services.store.property("demo")).regionRules
            var form = RegionRulesForm(showing: current)
            let blank = current.rules.count
            form.rows[blank].order = "1"
            form.rows[blank].regions = "JP"
            form.rows[blank].regime = "optIn"
            form.rows[blank].regulation = "APPI"
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/regions", form: Self.post(form, csrf: page.csrf ?? "", etag: try Self.etag(page)))
            #expect(saved.status == .seeOther)
            let rules = try #require(try await test.services.store.property("demo")).regionRules
            #expect(rules.rules.first == RegionRule(regions: ["JP"], regime: .optIn, regulation: "APPI"))
            #expect(rules.rule(for: "JP").regulation == "APPI")
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "regionRules.update" && trail.first?.entry.actor == "user:\(editor)")
            try await client.execute(uri: "/v1/properties/demo/experience?region=JP", method: .get) { response in
                #expect(String(buffer: response.body).contains("APPI"))
            }
            // The page opened before the save is stale: the other change is shown, nothing overwritten.
            form.rows[blank].regulation = "Mine"
            let stale = try await browser.send(
                client, .post, "/console/properties/demo/regions", form: Self.post(form, csrf: page.csrf ?? "", etag: try Self.etag(page)))
            #expect(stale.status == .conflict && stale.body.contains("Someone else changed this property"))
            #expect(try await test.services.store.property("demo")?.regionRules.rules.first?.regulation == "APPI")
        }
    }

    @Test func aBadRegionComesBackBesideItsFieldWithWhatWasTyped() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/regions")
            let before = try #require(try await test.services.store.property("demo")).regionRules
            var form = RegionRulesForm(showing: before)
            form.rows[1].regions = "GB, Narnia"
            form.rows[2].regulation = ""
            let refused = try await browser.send(
                client, .post, "/console/properties/demo/regions", form: Self.post(form, csrf: page.csrf ?? "", etag: try Self.etag(page)))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"value="GB, Narnia" aria-invalid="true" aria-describedby="regions-1-error""#))
            #expect(refused.body.contains(#"<p class="error" id="regions-1-error">“NARNIA” is not an ISO 3166 code"#))
            #expect(refused.body.contains(#"id="regulation-2-error""#))
            #expect(try await test.services.store.property("demo")?.regionRules == before)
        }
    }

    @Test func anOverridePerPurposeIsSavedAuditedAndServedInTheExperience() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/regions")
            #expect(page.body.contains(#"<label for="lifetime-0-analytics">Analytics: lifetime (days)</label>"#))
            let current = try #require(try await test.services.store.property("demo")).regionRules
            #expect(current.rule(for: "DE") == current.rules[0])
            var form = RegionRulesForm(showing: current)
            form.rows[0].defaults["analytics"] = "granted"
            form.rows[0].lifetimes["analytics"] = "30"
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/regions", form: Self.post(form, csrf: page.csrf ?? "", etag: try Self.etag(page)))
            #expect(saved.status == .seeOther)
            let rule = try #require(try await test.services.store.property("demo")).regionRules.rules[0]
            #expect(rule.purposeDefaults["analytics"] == .granted && rule.lifetimeDays["analytics"] == 30)
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "regionRules.update")
            let shown = try await browser.send(client, .get, "/console/properties/demo/regions")
            #expect(shown.body.contains(#"name="lifetime.0.analytics" value="30""#))
            #expect(shown.body.contains(#"<option value="granted" selected>Granted</option>"#))
            try await client.execute(uri: "/v1/properties/demo/experience?region=DE", method: .get) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                let purposes = try #require(body["purposes"] as? [[String: Any]])
                let analytics = try #require(purposes.first { $0["key"] as? String == "analytics" })
                #expect(analytics["default"] as? String == "granted" && analytics["lifetimeDays"] as? Int == 30)
            }
        }
    }

    @Test func aLifetimeOutOfRangeOrNotANumberIsRefusedBesideItsField() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/regions")
            let before = try #require(try await test.services.store.property("demo")).regionRules
            for typed in ["0", "5000", "soon"] {
                var form = RegionRulesForm(showing: before)
                form.rows[0].lifetimes["marketing"] = typed
                let refused = try await browser.send(
                    client, .post, "/console/properties/demo/regions", form: Self.post(form, csrf: page.csrf ?? "", etag: try Self.etag(page)))
                #expect(refused.status == .unprocessableContent)
                #expect(
                    refused.body.contains(
                        #"name="lifetime.0.marketing" value="\#(typed)" aria-invalid="true" aria-describedby="lifetime-0-marketing-error""#))
                #expect(refused.body.contains(#"<p class="error" id="lifetime-0-marketing-error">"#))
            }
            #expect(try await test.services.store.property("demo")?.regionRules == before)
        }
    }

    @Test func auditorReadsTheRulesButMayNotSaveThem() async throws {
        let test = try await ConsoleTestApp.make()
        let auditor = try await test.user(.auditor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, auditor)
            let page = try await browser.send(client, .get, "/console/properties/demo/regions")
            #expect(page.status == .ok && page.body.contains("readonly") && !page.body.contains("Save the region rules"))
            #expect(page.body.contains(#"id="default-0-analytics" name="default.0.analytics" disabled"#))
            #expect(page.body.contains(/name="lifetime\.0\.analytics" value="[^"]*" readonly/))
            let refused = try await browser.send(
                client, .post, "/console/properties/demo/regions", form: [("csrf", page.csrf ?? ""), ("rows", "0")])
            #expect(refused.status == .forbidden)
        }
    }

    @Test func anyTwoVersionsAndTheDraftAreCompared() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        let editing = ConfigurationEditor(store: test.services.store, now: { Date() })
        for name in ["Audience", "Audience measurement"] {
            try await editing.change("demo", by: "test", action: "purpose.update") { property in
                property.purposes[property.purposes.firstIndex { $0.key == "analytics" }!].name = name
            }
            _ = try await editing.publish("demo", by: "test")
        }
        try await editing.change("demo", by: "test", action: "texts.update") { $0.texts["en"] = ["title": "Draft title"] }
        let current = try #require(try await test.services.store.property("demo")).currentPolicyVersion
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let first = try await browser.send(client, .get, "/console/properties/demo/versions?from=\(current - 2)&to=\(current)")
            #expect(first.status == .ok)
            #expect(first.body.contains("<b>Analytics</b>") && first.body.contains("<b>Audience measurement</b>"))
            #expect(!first.body.contains("Draft title"))
            let draft = try await browser.send(client, .get, "/console/properties/demo/versions?from=\(current)&to=draft")
            #expect(draft.body.contains("Draft title") && !draft.body.contains(#"id="purpose-diff""#))
            let same = try await browser.send(client, .get, "/console/properties/demo/versions?from=\(current)&to=\(current)")
            #expect(same.body.contains("show visitors the same purposes and texts"))
            let bad = try await browser.send(client, .get, "/console/properties/demo/versions?from=0&to=\(current)")
            #expect(bad.status == .unprocessableContent && bad.body.contains(#"<p class="error" id="from-error">"#))
        }
    }
}
