import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The subject page's receipts: each event's signed receipt downloads and verifies with the published keys, and
/// only for an event of the subject looked up.
@Suite struct ConsoleReceiptTests {
    @Test func agentDownloadsAReceiptThatVerifiesWithThePublishedKeys() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let property = try #require(try await test.services.store.property("demo"))
        let recorded = try await test.services.recorder.record(
            ConsentRequest(subject: "customer-7", choices: ["analytics": "granted"], source: "api", policyVersion: 1),
            in: property, client: ClientContext(), authentication: .apiKey(prefix: "acc_test"))
        _ = try await test.services.recorder.record(
            ConsentRequest(subject: "someone-else", choices: ["analytics": "denied"], source: "api", policyVersion: 1),
            in: property, client: ClientContext(), authentication: .apiKey(prefix: "acc_test"))
        let id = recorded.stored.event.id.rawValue
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let form = try await browser.send(client, .get, "/console/subjects")
            let found = try await browser.send(
                client, .post, "/console/subjects", form: [("csrf", form.csrf ?? ""), ("property", "demo"), ("subject", "customer-7")])
            #expect(found.body.contains(#"<input type="hidden" name="event" value="\#(id)">"#))
            let download = try await browser.send(
                client, .post, "/console/subjects/receipt",
                form: [("csrf", found.csrf ?? ""), ("property", "demo"), ("subject", "customer-7"), ("event", id)])
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"receipt-\(id).jws\"")
            let receipt = try ReceiptVerifier.verify(
                download.body.trimmingCharacters(in: .whitespacesAndNewlines), keys: test.services.recorder.publicKeys)
            #expect(receipt.jti == id)
            #expect(receipt.choices == ["analytics": .granted])
            // Another subject's event is not found under this subject.
            let other = try await browser.send(
                client, .post, "/console/subjects/receipt",
                form: [("csrf", found.csrf ?? ""), ("property", "demo"), ("subject", "someone-else"), ("event", id)])
            #expect(other.status == .notFound)
        }
    }
}
