import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

@Suite struct ConsoleSignInTests {
    @Test func signInSetsTheSessionCookieWithItsFlagsAndOpensTheDashboard() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            let signedIn = try await browser.signIn(client, email)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix("accord_session=") })
            let value = cookie.dropFirst("accord_session=".count).prefix { $0 != ";" }
            #expect(value.count == 43)  // 256 bits, base64url
            for flag in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=43200"] { #expect(cookie.contains(flag)) }
            #expect(!cookie.contains("Secure"))
            let dashboard = try await browser.send(client, .get, "/console")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Choices per day"))
            // The store holds the session's hash only.
            #expect(try await test.services.store.session(hash: String(value)) == nil)
            #expect(try await test.services.store.session(hash: ConsoleSession.hash(of: String(value))) != nil)
        }
    }

    @Test func sessionCookieIsSecureWhenThePublicURLIsHTTPS() async throws {
        let test = try await ConsoleTestApp.make(settings: ["http.publicUrl": .string("https://consent.example")])
        let email = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            let signedIn = try await browser.signIn(client, email)
            #expect(signedIn.setCookies.first { $0.hasPrefix("accord_session=") }?.contains("; Secure") == true)
        }
    }

    @Test func wrongPasswordAndUnknownAddressGetTheSameRefusal() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            let wrong = try await browser.signIn(client, email, password: "not the password at all")
            let unknown = try await browser.signIn(client, "nobody@example.org")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.body.contains("The e-mail address or the password is wrong."))
            #expect(unknown.body.contains("The e-mail address or the password is wrong."))
            #expect(browser.cookies["accord_session"] == nil)
        }
    }

    @Test func fiveWrongPasswordsLockTheAccountForFifteenMinutes() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            for _ in 1...5 { try await browser.signIn(client, email, password: "wrong password number") }
            let locked = try await browser.signIn(client, email)
            #expect(locked.status == .forbidden)
            #expect(locked.body.contains("locked for 15 more minutes"))
            #expect(browser.cookies["accord_session"] == nil)
            test.clock.advance(14 * 60)
            #expect(try await browser.signIn(client, email).status == .forbidden)
            test.clock.advance(61)
            #expect(try await browser.signIn(client, email).status == .seeOther)
        }
    }

    @Test func signInsArePerAddressRateLimited() async throws {
        // One token back a minute: the limiter runs on the real clock, and three refused sign-ins (each hashing a
        // password) took over the 20 s that 3 a minute would allow on a loaded machine.
        let test = try await ConsoleTestApp.make(settings: ["rateLimit.signInsBurst": .int(3), "rateLimit.signInsPerMinute": .int(1)])
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            for attempt in 1...3 {
                let page = try await browser.signIn(client, "person\(attempt)@example.org")
                #expect(page.status == .unauthorized)
            }
            let limited = try await browser.signIn(client, "person4@example.org")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test func signInFormWithoutItsTokenIsRefused() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            _ = try await browser.send(client, .get, "/console/login")
            let forged = try await browser.send(
                client, .post, "/console/login", form: [("email", email), ("password", ConsoleTestApp.password)])
            #expect(forged.status == .forbidden)
            #expect(browser.cookies["accord_session"] == nil)
        }
    }

    @Test func idleSessionEndsAfterThirtyMinutes() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            test.clock.advance(29 * 60)
            #expect(try await browser.send(client, .get, "/console").status == .ok)
            test.clock.advance(29 * 60)
            #expect(try await browser.send(client, .get, "/console").status == .ok)
            test.clock.advance(30 * 60 + 1)
            let expired = try await browser.send(client, .get, "/console")
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location] == "/console/login")
        }
    }

    @Test func busySessionEndsTwelveHoursAfterSignIn() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.editor)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            for _ in 0..<(12 * 3) {
                #expect(try await browser.send(client, .get, "/console/audit").status == .ok)
                test.clock.advance(20 * 60)
            }
            #expect(try await browser.send(client, .get, "/console/audit").status == .seeOther)
        }
    }

    @Test func signOutEndsTheSessionOnTheServer() async throws {
        let test = try await ConsoleTestApp.make()
        let email = try await test.user(.agent)
        try await test.application.test(.router) { client in
            var browser = ConsoleBrowser()
            try await browser.signIn(client, email)
            let copied = browser.cookies
            let dashboard = try await browser.send(client, .get, "/console")
            let out = try await browser.send(client, .post, "/console/logout", form: [("csrf", dashboard.csrf ?? "")])
            #expect(out.status == .seeOther)
            #expect(out.setCookies.contains { $0.hasPrefix("accord_session=;") && $0.contains("Max-Age=0") })
            var thief = ConsoleBrowser(cookies: copied)
            #expect(try await thief.send(client, .get, "/console").status == .seeOther)
        }
    }

    @Test func formTokenOfAnotherSessionIsRefused() async throws {
        let test = try await ConsoleTestApp.make()
        let owner = try await test.user(.owner)
        try await test.application.test(.router) { client in
            var attacker = ConsoleBrowser()
            try await attacker.signIn(client, owner)
            let foreignToken = try await attacker.send(client, .get, "/console/users").csrf
            var victim = ConsoleBrowser()
            try await victim.signIn(client, owner)
            let refused = try await victim.send(
                client, .post, "/console/users", form: [("csrf", foreignToken ?? ""), ("email", "new@example.org"), ("role", "owner")])
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("Form expired"))
        }
        #expect(try await test.services.store.user(email: "new@example.org") == nil)
    }
}
