import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Adding, editing, retiring and reinstating purposes in the console over real HTTP, as the admin API does it: a
/// retired purpose stays in the property, in published versions and in records; the next version stops offering it.
@Suite struct ConsolePurposesTests {
    static func purpose(_ page: ConsoleBrowser.Page, _ changes: [String: String] = [:]) throws -> [(String, String)] {
        var values: [String: String] = [
            "key": "support_chat", "name": "Support chat", "description": "A chat window to ask us questions.",
            "legalBasis": "consent", "lifetimeDays": "180", "expiryNoticeDays": "", "vendors": "Crisp\nIntercom",
            "translation.de.name": "Support-Chat", "translation.de.description": "Ein Chatfenster für Fragen.", "optOut.sharing": "1",
            "cookies": "crisp-session\n_crisp_token", "tcfPurposes": "1, 3",
        ]
        values.merge(changes) { $1 }
        return [("csrf", page.csrf ?? ""), ("etag", try ConsoleRegionsTests.etag(page))] + values.sorted { $0.key < $1.key }
    }

    @Test func anEditorAddsAPurposeThatThePublishedVersionOffers() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/purposes")
            #expect(page.status == .ok && page.body.contains(#"<label for="purpose-key">Key</label>"#))
            let taken = try await browser.send(client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page, ["key": "analytics"]))
            #expect(
                taken.status == .unprocessableContent && taken.body.contains(#"id="purpose-key-error">The property already has a purpose analytics"#))
            let badKey = try await browser.send(
                client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page, ["key": "Support Chat"]))
            #expect(badKey.status == .unprocessableContent && badKey.body.contains(#"id="purpose-key-error""#))
            #expect(badKey.body.contains(#"value="Support chat""#))  // what was typed is kept
            let half = try await browser.send(
                client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page, ["translation.de.description": ""]))
            #expect(half.status == .unprocessableContent && half.body.contains(#"id="purpose-translation-de-description-error""#))
            let tcf = try await browser.send(
                client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page, ["tcfPurposes": "1, 12"]))
            #expect(tcf.status == .unprocessableContent && tcf.body.contains(#"id="purpose-tcfPurposes-error">TCF purpose ids are 1 to 11"#))
            let added = try await browser.send(client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page))
            #expect(added.status == .seeOther)
            let property = try #require(try await test.services.store.property("demo"))
            let purpose = try #require(property.purpose("support_chat"))
            #expect(purpose.name == "Support chat" && purpose.lifetimeDays == 180 && purpose.legalBasis == .consent)
            #expect(purpose.vendors == ["Crisp", "Intercom"] && purpose.optOutCategories == [.sharing])
            #expect(property.cookiesToDelete["support_chat"] == ["crisp-session", "_crisp_token"])
            #expect(property.tcfPurposeMapping["support_chat"] == [1, 3])
            #expect(purpose.translations["de"] == Purpose.Text(name: "Support-Chat", description: "Ein Chatfenster für Fragen."))
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "purpose.create" && trail.first?.entry.target == "support_chat")
            #expect(trail.first?.entry.actor == "user:\(editor)")
            let version = try await test.services.editor.publish("demo", by: "test")
            #expect(version.changedPurposes.contains("support_chat"))
        }
    }

    @Test func retiringStopsOfferingThePurposeButKeepsItInHistory() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        let before = try #require(try await test.services.store.property("demo"))
        let published = try #require(try await test.services.store.policyVersion(before.currentPolicyVersion, of: "demo"))
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/purposes/marketing/edit")
            #expect(page.status == .ok && page.body.contains("Retire marketing"))
            let edited = try await browser.send(
                client, .post, "/console/properties/demo/purposes/marketing/edit",
                form: try Self.purpose(page, ["name": "Advertising", "lifetimeDays": "0", "key": ""]))
            #expect(
                edited.status == .unprocessableContent && edited.body.contains(#"id="purpose-lifetimeDays-error">lifetime must be 1 to 3650 days"#))
            let retire = try #require(
                page.body.firstMatch(of: #/action="(/console/properties/demo/purposes/marketing/retire)"/#).map { String($0.output.1) })
            let retired = try await browser.send(
                client, .post, retire, form: [("csrf", page.csrf ?? ""), ("etag", try ConsoleRegionsTests.etag(page))])
            #expect(retired.status == .seeOther)
            let property = try #require(try await test.services.store.property("demo"))
            #expect(property.purpose("marketing")?.isRetired == true)
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 1)
            #expect(trail.first?.entry.action == "purpose.retire" && trail.first?.entry.target == "marketing")
            let configuration = try await browser.send(client, .get, "/console/properties/demo")
            #expect(configuration.body.contains("marketing (retired: not offered)"))
            #expect(configuration.body.contains("(retired: no longer offered) Marketing"))
            let next = try await test.services.editor.publish("demo", by: "test")
            #expect(next.purposes.first { $0.key == "marketing" }?.isRetired == true)
            #expect(!next.activePurposes.contains { $0.key == "marketing" })
            #expect(try await test.services.store.policyVersion(published.version, of: "demo") == published)
            let experience = try await browser.send(client, .get, "/v1/properties/demo/experience?region=DE")
            #expect(experience.status == .ok && !experience.body.contains(#""key":"marketing""#))

            let again = try await browser.send(client, .get, "/console/properties/demo/purposes/marketing/edit")
            let reinstate = try await browser.send(
                client, .post, "/console/properties/demo/purposes/marketing/reinstate",
                form: [("csrf", again.csrf ?? ""), ("etag", try ConsoleRegionsTests.etag(again))])
            #expect(reinstate.status == .seeOther)
            #expect(try await test.services.store.property("demo")?.purpose("marketing")?.isRetired == false)
        }
    }

    @Test func auditorsAndAgentsMayNotAddOrRetireAndAStaleRetireIsRefused() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        for role in [ConsoleRole.auditor, .agent] {
            let email = try await test.user(role)
            try await test.application.test(.live) { client in
                var browser = ConsoleBrowser()
                try await browser.signIn(client, email)
                let page = try await browser.send(client, .get, "/console/properties/demo/purposes/analytics/edit")
                #expect(page.status == .ok && page.body.contains(" readonly") && !page.body.contains("Retire analytics"))
                let form = [("csrf", page.csrf ?? ""), ("etag", try ConsoleRegionsTests.etag(page))]
                let retire = try await browser.send(client, .post, "/console/properties/demo/purposes/analytics/retire", form: form)
                #expect(retire.status == .forbidden)
                let add = try await browser.send(client, .post, "/console/properties/demo/purposes", form: try Self.purpose(page))
                #expect(add.status == .forbidden)
            }
        }
        #expect(try await test.services.store.property("demo")?.purpose("analytics")?.isRetired == false)
        #expect(try await test.services.store.property("demo")?.purpose("support_chat") == nil)
        try await test.application.test(.live) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo/purposes/analytics/edit")
            _ = try await test.services.editor.change("demo", by: "someone", action: "property.update") { $0.name = "Elsewhere" }
            let stale = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics/retire",
                form: [("csrf", page.csrf ?? ""), ("etag", try ConsoleRegionsTests.etag(page))])
            #expect(stale.status == .conflict && stale.body.contains("yours was not saved"))
            let noToken = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics/retire", form: [("etag", try ConsoleRegionsTests.etag(page))])
            #expect(noToken.status == .forbidden)
            #expect(try await test.services.store.property("demo")?.purpose("analytics")?.isRetired == false)
        }
    }
}
