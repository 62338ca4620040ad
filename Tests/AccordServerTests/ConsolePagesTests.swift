import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

@Suite struct ConsolePagesTests {
    @Test func ownerCreatesAUserWhoSetsTheirPasswordOnceFromTheLink() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, owner)
            let users = try await browser.send(client, .get, "/console/users")
            let created = try await browser.send(
                client, .post, "/console/users", form: [("csrf", users.csrf ?? ""), ("email", " New.Person@Example.org "), ("role", "agent")])
            #expect(created.status == .ok)
            let link = try #require(created.body.firstMatch(of: #/<code>([^<]+)</code>/#).map { String($0.output.1) })
            #expect(link.hasPrefix("http://127.0.0.1:8080/console/setup?token="))
            #expect(created.body.contains("new.person@example.org"))
            let path = String(link.dropFirst("http://127.0.0.1:8080".count))
            #expect(try await browser.send(client, .get, "/console/users").body.contains("waiting for set-up"))

            var newcomer = ConsoleBrowser()
            let form = try await newcomer.send(client, .get, path)
            #expect(form.status == .ok)
            #expect(form.headers[.referrerPolicy] == "no-referrer")
            let token = String(path.split(separator: "=").last!)
            let common = try await newcomer.send(
                client, .post, "/console/setup",
                form: [("csrf", form.csrf ?? ""), ("token", token), ("password", "Password2024!"), ("confirmation", "Password2024!")])
            #expect(common.status == .unprocessableContent)
            #expect(common.body.contains(#"aria-describedby="password-error""#))
            #expect(common.body.contains(PasswordRules.Problem.common.message))
            let set = try await newcomer.send(
                client, .post, "/console/setup",
                form: [
                    ("csrf", common.csrf ?? ""), ("token", token), ("password", ConsoleTestApp.password),
                    ("confirmation", ConsoleTestApp.password),
                ])
            #expect(set.status == .seeOther)
            #expect(set.headers[.location] == "/console/login?ready=1")
            #expect(try await newcomer.send(client, .get, path).status == .notFound)  // used up
            #expect(try await newcomer.signIn(client, "new.person@example.org").status == .seeOther)
        }
    }

    @Test func setupLinkExpiresAfterADay() async throws {
        let test = try await ConsoleTestApp.make()
        let created = try await test.services.accounts.create(email: "late@example.org", role: .agent, password: nil, by: "test")
        let path = "/console/setup?token=\(created.setupToken ?? "")"
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            test.clock.advance(24 * 3600 - 1)
            #expect(try await browser.send(client, .get, path).status == .ok)
            test.clock.advance(1)
            let expired = try await browser.send(client, .get, path)
            #expect(expired.status == .gone)
            #expect(expired.body.contains("ask an owner for a new one"))
            #expect(try await browser.send(client, .get, "/console/setup?token=unknown").status == .notFound)
        }
    }

    @Test func duplicateAddressComesBackBesideTheField() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, owner)
            let users = try await browser.send(client, .get, "/console/users")
            let again = try await browser.send(
                client, .post, "/console/users", form: [("csrf", users.csrf ?? ""), ("email", owner), ("role", "auditor")])
            #expect(again.status == .unprocessableContent)
            #expect(again.body.contains(#"<p class="error" id="new-email-error">A user with this address exists already.</p>"#))
            #expect(again.body.contains(#"value="\#(owner)""#))
            #expect(again.body.contains(#"<option value="auditor" selected>"#))
        }
    }

    @Test func editorSavesAPurposeThroughTheAuditedEditor() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            let etag = try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
            let saved = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag.replacingOccurrences(of: "&quot;", with: "\"")),
                    ("name", "Audience measurement"), ("description", "Counting visits to improve the site."),
                ])
            #expect(saved.status == .seeOther)
            let after = try await browser.send(client, .get, saved.headers[.location] ?? "")
            #expect(after.body.contains("Audience measurement"))
            #expect(after.body.contains("not published yet"))
            // The side-by-side of what publishing changes, and that visitors are asked again for it.
            #expect(
                after.body.contains(
                    "<tr><th scope=\"row\">analytics</th><td><b>Analytics</b><br>"))
            #expect(after.body.contains("<td><b>Audience measurement</b><br>Counting visits to improve the site.</td><td>yes</td>"))
            let published = try await browser.send(client, .post, "/console/properties/demo/publish", form: [("csrf", after.csrf ?? "")])
            // The demo property has no privacy-policy address: publishing goes ahead and the page it lands on says so.
            #expect(published.headers[.location] == "/console/properties/demo?published=2&warned=1")
        }
        let entries = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 5)
        #expect(entries.map(\.entry.action).prefix(2) == ["policy.publish", "purpose.update"])
        #expect(entries.first?.entry.actor == "user:\(editor)")
        #expect(try await test.services.store.property("demo")?.purposes.first { $0.key == "analytics" }?.name == "Audience measurement")
    }

    @Test func staleFormShowsTheOtherChangeInsteadOfOverwritingIt() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            let etag = try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
            try await test.services.editor.change("demo", by: "key:other", action: "purpose.update") { property in
                property.purposes[1].name = "Their name"
            }
            let stale = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag.replacingOccurrences(of: "&quot;", with: "\"")),
                    ("name", "My name"), ("description", "Mine"),
                ])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Someone else changed this property"))
            #expect(stale.body.contains("Their name"))
        }
        #expect(try await test.services.store.property("demo")?.purposes[1].name == "Their name")
    }

    @Test func emptyPurposeNameComesBackWithTheMessageBesideTheField() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let page = try await browser.send(client, .get, "/console/properties/demo")
            let etag = try #require(page.body.firstMatch(of: #/name="etag" value="([^"]+)"/#).map { String($0.output.1) })
            let refused = try await browser.send(
                client, .post, "/console/properties/demo/purposes/analytics",
                form: [
                    ("csrf", page.csrf ?? ""), ("etag", etag.replacingOccurrences(of: "&quot;", with: "\"")),
                    ("name", ""), ("description", "Kept description"),
                ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"id="name-analytics-error""#))
            #expect(refused.body.contains("Kept description"))
        }
    }

    @Test func dashboardTableAndCSVCountTheRecordedChoices() async throws {
        let test = try await ConsoleTestApp.make()
        let auditor = try await test.user(.auditor)
        let property = try #require(try await test.services.store.property("demo"))
        let optional = property.purposes.filter { !$0.isRequired }.map(\.key.rawValue)
        func record(_ visitor: String, _ granted: Set<String>) async throws {
            _ = try await test.services.recorder.record(
                ConsentRequest(
                    subject: visitor, choices: Dictionary(uniqueKeysWithValues: optional.map { ($0, granted.contains($0) ? "granted" : "denied") }),
                    source: "banner", policyVersion: 1, locale: "en"),
                in: property, client: ClientContext(address: nil, userAgent: nil), authentication: .keyless(origin: "https://shop.example"))
        }
        try await record(visitorA, Set(optional))
        try await record(visitorB, [])
        try await record(visitorC, [optional[0]])
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, auditor)
            let dashboard = try await browser.send(client, .get, "/console?property=demo&days=7")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("<li>Choices <b>3</b></li>"))
            #expect(dashboard.body.contains("<li>Accepted all <b>1</b></li>"))
            #expect(dashboard.body.contains("<li>Rejected all <b>1</b></li>"))
            #expect(dashboard.body.contains(#"<svg class="chart""#))
            #expect(dashboard.body.contains(#"role="img" aria-labelledby="choices-by-day-title choices-by-day-desc""#))
            let csv = try await browser.send(client, .get, "/console/report.csv?property=demo&days=7")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.contains(",0,3,2,1,1,1\n"))
            #expect(dashboard.body.contains("<b>–</b>"))  // no impressions, so no rate (API choices are no banner answers)
        }
    }

    @Test func auditPageVerifiesTheChainsOnDemand() async throws {
        let test = try await ConsoleTestApp.make()
        let auditor = try await test.user(.auditor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, auditor)
            let page = try await browser.send(client, .get, "/console/audit")
            #expect(page.body.contains("policy.publish"))
            let verified = try await browser.send(client, .post, "/console/audit/verify", form: [("csrf", page.csrf ?? "")])
            #expect(verified.status == .ok)
            #expect(verified.body.contains("Every chain verifies"))
        }
    }
}

@Suite struct ConsoleSubjectsTests {
    @Test func agentLooksUpASubjectsChoicesAndHistory() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let property = try #require(try await test.services.store.property("demo"))
        for granted in ["granted", "denied"] {
            _ = try await test.services.recorder.record(
                ConsentRequest(subject: "customer-42", choices: ["analytics": granted], source: "api", policyVersion: 1),
                in: property, client: ClientContext(), authentication: .apiKey(prefix: "acc_test"))
        }
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let form = try await browser.send(client, .get, "/console/subjects")
            let found = try await browser.send(
                client, .post, "/console/subjects", form: [("csrf", form.csrf ?? ""), ("property", "demo"), ("subject", "customer-42")])
            #expect(found.status == .ok)
            #expect(found.body.contains("<tr><th scope=\"row\">Analytics</th><td>denied</td>"))
            #expect(found.body.components(separatedBy: "Analytics: ").count == 3)  // two events in the history
            let nobody = try await browser.send(
                client, .post, "/console/subjects", form: [("csrf", form.csrf ?? ""), ("property", "demo"), ("subject", "nobody")])
            #expect(nobody.body.contains("No consent is recorded"))
            let empty = try await browser.send(
                client, .post, "/console/subjects", form: [("csrf", form.csrf ?? ""), ("property", "demo"), ("subject", " ")])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.body.contains(#"id="subject-error""#))
        }
    }

    @Test func editorMayNotLookUpSubjects() async throws {
        let test = try await ConsoleTestApp.make()
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            #expect(try await browser.send(client, .get, "/console/subjects").status == .forbidden)
        }
    }
}
