import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The webhook pages: an editor adds an endpoint (the secret shown once), pauses and resumes it, rotates the
/// secret, sends a test and replays; a bad value comes back beside its field; an auditor reads but changes nothing.
@Suite struct ConsoleWebhooksTests {
    static let loopback: [String: ConfigContent] = ["webhooks.allowInsecureLoopback": .bool(true)]

    @Test func editorAddsAnEndpointSeesTheSecretOnceAndManagesIt() async throws {
        let test = try await ConsoleTestApp.make(settings: Self.loopback)
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let list = try await browser.send(client, .get, "/console/webhooks")
            #expect(list.status == .ok)
            #expect(list.body.contains("No endpoints yet."))
            let created = try await browser.send(
                client, .post, "/console/webhooks/demo",
                form: [
                    ("csrf", list.csrf ?? ""), ("url", "http://127.0.0.1:9/hook"), ("event", "consent.recorded"),
                    ("event", "webhook.test"), ("description", "CRM"),
                ])
            #expect(created.status == .ok)
            #expect(created.headers[.referrerPolicy] == "no-referrer")
            let secret = try #require(created.body.firstMatch(of: #/<code>(whsec_[^<]+)</code>/#).map { String($0.output.1) })
            let endpoint = try #require(try await test.services.store.webhookEndpoints(of: "demo", after: nil, limit: 5).first)
            #expect(endpoint.events == [.consentRecorded, .webhookTest])
            #expect(endpoint.description == "CRM")
            let href = "/console/webhooks/demo/\(endpoint.id)"
            // Never shown again: not on the list, not on the endpoint's page.
            #expect(!(try await browser.send(client, .get, "/console/webhooks")).body.contains(secret))
            let page = try await browser.send(client, .get, href)
            #expect(page.status == .ok && !page.body.contains(secret))
            #expect(page.body.contains("No attempts yet."))

            let paused = try await browser.send(client, .post, "\(href)/pause", form: [("csrf", page.csrf ?? "")])
            #expect(paused.status == .seeOther)
            #expect(try await test.services.store.webhookEndpoint(endpoint.id, of: "demo")?.status == .paused)
            let resumed = try await browser.send(client, .post, "\(href)/resume", form: [("csrf", page.csrf ?? "")])
            #expect(resumed.status == .seeOther)
            #expect(try await test.services.store.webhookEndpoint(endpoint.id, of: "demo")?.status == .active)

            let rotated = try await browser.send(client, .post, "\(href)/rotate", form: [("csrf", page.csrf ?? "")])
            let second = try #require(rotated.body.firstMatch(of: #/<code>(whsec_[^<]+)</code>/#).map { String($0.output.1) })
            #expect(second != secret)
            #expect(try await test.services.store.webhookEndpoint(endpoint.id, of: "demo")?.previousSecretExpiresAt != nil)

            let tested = try await browser.send(client, .post, "\(href)/test", form: [("csrf", page.csrf ?? "")])
            #expect(tested.body.contains("Test message"))
            let badSince = try await browser.send(client, .post, "\(href)/replay", form: [("csrf", page.csrf ?? ""), ("since", "yesterday")])
            #expect(badSince.status == .unprocessableContent)
            #expect(badSince.body.contains(#"aria-describedby="since-error""#))
            #expect(badSince.body.contains(#"value="yesterday""#))
            let replayed = try await browser.send(
                client, .post, "\(href)/replay", form: [("csrf", page.csrf ?? ""), ("since", "2000-01-01T00:00:00Z")])
            #expect(replayed.status == .ok)
            #expect(replayed.body.contains("queued again since 2000-01-01T00:00:00Z"))
            // Each change names its user in the audit trail, never with a secret.
            let trail = try await test.services.store.auditEntries(of: "demo", before: nil, limit: 20).filter { $0.entry.target == endpoint.id }
            #expect(
                trail.map(\.entry.action).reversed() == [
                    "webhook.create", "webhook.pause", "webhook.resume", "webhook.rotate-secret", "webhook.test", "webhook.replay",
                ])
            #expect(trail.allSatisfy { $0.entry.actor == "user:\(editor)" })
            #expect(!trail.contains { ($0.entry.after ?? "").contains("whsec_") || ($0.entry.after ?? "").contains("secret") })
        }
    }

    @Test func refusedEndpointComesBackWithTheMessageBesideTheFieldAndTheValuesKept() async throws {
        let test = try await ConsoleTestApp.make(settings: Self.loopback)
        let editor = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let list = try await browser.send(client, .get, "/console/webhooks?property=demo")
            let refused = try await browser.send(
                client, .post, "/console/webhooks/demo",
                form: [("csrf", list.csrf ?? ""), ("url", "not an address"), ("event", "consent.recorded"), ("description", "kept")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"aria-describedby="webhook-url-error""#))
            #expect(refused.body.contains(#"value="not an address""#))
            #expect(refused.body.contains(#"value="kept""#))
            let none = try await browser.send(
                client, .post, "/console/webhooks/demo", form: [("csrf", list.csrf ?? ""), ("url", "http://127.0.0.1:9/hook")])
            #expect(none.status == .unprocessableContent)
            #expect(none.body.contains(#"aria-describedby="webhook-events-error""#))
            #expect(try await test.services.store.webhookEndpoints(of: "demo", after: nil, limit: 5).isEmpty)
        }
    }

    @Test func auditorReadsEndpointsButCannotChangeThem() async throws {
        let test = try await ConsoleTestApp.make(settings: Self.loopback)
        let auditor = try await test.user(.auditor)
        let administration = WebhookAdministration(
            store: test.services.store, secrets: test.services.webhookSecrets, rule: test.services.settings.webhookURLRule,
            hosts: test.services.hostResolver)
        let (endpoint, _) = try await administration.create(
            in: "demo", url: "http://127.0.0.1:9/hook", events: ["consent.recorded"], description: nil, by: "test", at: Date())
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, auditor)
            let page = try await browser.send(client, .get, "/console/webhooks/demo/\(endpoint.id)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("Rotate the secret"))
            let refused = try await browser.send(client, .post, "/console/webhooks/demo/\(endpoint.id)/pause", form: [("csrf", page.csrf ?? "")])
            #expect(refused.status == .forbidden)
        }
        #expect(try await test.services.store.webhookEndpoint(endpoint.id, of: "demo")?.status == .active)
    }
}
