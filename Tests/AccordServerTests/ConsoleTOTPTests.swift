import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing

@testable import AccordServer

@Suite struct ConsoleTOTPTests {
    /// The secret's text back from the typed form the page shows (base32 in groups of four), as an app would read it.
    static func secret(fromTyped typed: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var value = 0
        var bytes: [UInt8] = []
        for character in typed where character != " " {
            value = ((value << 5) | alphabet.firstIndex(of: character)!) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func code(_ secret: String, at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    /// Opens the account page and enrols with a correct code; returns the secret.
    static func enrol(_ browser: inout ConsoleBrowser, _ client: some TestClientProtocol, now: Date) async throws -> String {
        let page = try await browser.send(client, .get, "/console/account")
        let typed = try #require(page.body.firstMatch(of: #/Secret: <code>([A-Z2-7 ]+)</code>/#).map { String($0.output.1) })
        let pending = try #require(page.body.firstMatch(of: #/name="pending" value="([^"]+)"/#).map { String($0.output.1) })
        let secret = Self.secret(fromTyped: typed)
        let wrong = try await browser.send(
            client, .post, "/console/account/totp", form: [("csrf", page.csrf ?? ""), ("pending", pending), ("code", "000000")])
        #expect(wrong.status == .unprocessableContent)
        #expect(wrong.body.contains(#"id="totp-code-error""#))
        let right = try await browser.send(
            client, .post, "/console/account/totp",
            form: [("csrf", page.csrf ?? ""), ("pending", pending), ("code", code(secret, at: now))])
        #expect(right.status == .seeOther)
        return secret
    }

    @Test func enrolledUserNeedsTheCodeToSignIn() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            let secret = try await Self.enrol(&browser, client, now: test.clock.now)
            let stored = try #require(try await test.services.store.user(email: email)?.totpSecret)
            #expect(!String(decoding: stored, as: UTF8.self).contains(secret))  // sealed, not in clear

            var other = ConsoleBrowser()
            let withoutCode = try await other.signIn(client, email)
            #expect(withoutCode.status == .unauthorized)
            #expect(withoutCode.body.contains("signs in with a code too"))
            let form = try await other.send(client, .get, "/console/login")
            let signedIn = try await other.send(
                client, .post, "/console/login",
                form: [
                    ("csrf", form.csrf ?? ""), ("email", email), ("password", ConsoleTestApp.password),
                    ("code", Self.code(secret, at: test.clock.now)),
                ])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console")
        }
    }

    @Test func userAnOwnerRequiresToEnrolReachesOnlyTheAccountPageUntilEnrolled() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        let editor = try await test.user(.editor)
        let id = try #require(try await test.services.store.user(email: editor)?.id)
        try await test.application.test(.router) { client in
            var ownerBrowser = ConsoleBrowser()
            try await ownerBrowser.signIn(client, owner)
            let users = try await ownerBrowser.send(client, .get, "/console/users")
            let required = try await ownerBrowser.send(
                client, .post, "/console/users/\(id.rawValue)/totp-required", form: [("csrf", users.csrf ?? ""), ("required", "1")])
            #expect(required.status == .seeOther)

            var browser = ConsoleBrowser()
            try await browser.signIn(client, editor)
            let dashboard = try await browser.send(client, .get, "/console")
            #expect(dashboard.status == .seeOther)
            #expect(dashboard.headers[.location] == "/console/account")
            _ = try await Self.enrol(&browser, client, now: test.clock.now)
            #expect(try await browser.send(client, .get, "/console").status == .ok)
        }
    }
}
