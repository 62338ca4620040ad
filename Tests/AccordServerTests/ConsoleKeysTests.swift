import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

@Suite struct ConsoleKeysTests {
    @Test func ownerCreatesAKeyShownOnceAndItsRevocationIsRefusedAtOnce() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, owner)
            let list = try await browser.send(client, .get, "/console/keys")
            let created = try await browser.send(
                client, .post, "/console/keys", form: [("csrf", list.csrf ?? ""), ("name", "crm"), ("scope", "admin")])
            #expect(created.status == .ok)
            let token = try #require(created.body.firstMatch(of: #/<code>(acc_[^<]+)</code>/#).map { String($0.output.1) })
            let prefix = String(token.prefix(10))
            #expect(try await client.send(.get, "/v1/admin/properties", headers: bearer(token)).status == .ok)
            let again = try await browser.send(client, .get, "/console/keys")
            #expect(!again.body.contains(token))
            #expect(again.body.contains("crm (by \(owner))"))
            let revoked = try await browser.send(
                client, .post, "/console/keys/\(prefix)/revoke", form: [("csrf", again.csrf ?? "")])
            #expect(revoked.status == .seeOther)
            #expect(try await client.send(.get, "/v1/admin/properties", headers: bearer(token)).status == .unauthorized)
        }
    }

    @Test func keyWithoutAScopeComesBackWithTheMessage() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, owner)
            let list = try await browser.send(client, .get, "/console/keys")
            let refused = try await browser.send(client, .post, "/console/keys", form: [("csrf", list.csrf ?? ""), ("name", "crm")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains(#"id="scopes-error">Choose at least one scope."#))
            #expect(refused.body.contains(#"value="crm""#))
        }
    }
}
