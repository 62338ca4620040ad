import AccordCore
import Foundation
import Testing

@testable import AccordServer

@Suite struct ConsoleAccountsTests {
    @Test func passwordsAreStoredAsBcryptAtCostTwelve() async throws {
        let store = InMemoryConsentStore()
        let accounts = ConsoleAccounts(store: store, totpKey: Array(repeating: 1, count: 32))
        let created = try await accounts.create(
            email: "cli@example.org", role: .editor, password: ConsoleTestApp.password, by: "cli")
        #expect(created.setupToken == nil)
        let hash = try #require(try await store.user(email: "cli@example.org")?.passwordHash)
        #expect(hash.hasPrefix("$2b$12$"))
        #expect(!hash.contains(ConsoleTestApp.password))
        guard case .signedIn = try await accounts.signIn(email: "CLI@example.org", password: ConsoleTestApp.password) else {
            Issue.record("the right password did not sign in")
            return
        }
    }

    @Test func userWithoutPasswordGetsASetupTokenValidForADay() async throws {
        let store = InMemoryConsentStore()
        let clock = TestClock()
        let accounts = ConsoleAccounts(store: store, totpKey: [], bcryptCost: 4, now: clock.reading)
        let created = try await accounts.create(email: "new@example.org", role: .agent, password: nil, by: "cli")
        let token = try #require(created.setupToken)
        #expect(try await accounts.pendingUser(token: token)?.email == "new@example.org")
        clock.advance(24 * 3600)
        #expect(try await accounts.pendingUser(token: token) == nil)
        await #expect(throws: ConsoleAccounts.Refusal.self) {
            try await accounts.setUp(token: token, password: ConsoleTestApp.password, confirmation: ConsoleTestApp.password)
        }
    }

    @Test func refusedAddressAndPasswordNameTheirField() async throws {
        let accounts = ConsoleAccounts(store: InMemoryConsentStore(), totpKey: [], bcryptCost: 4)
        await #expect(throws: ConsoleAccounts.Refusal(field: "email", message: "Enter an e-mail address such as name@example.org.")) {
            try await accounts.create(email: "nobody", role: .owner, password: nil, by: "cli")
        }
        await #expect(throws: ConsoleAccounts.Refusal(field: "password", message: PasswordRules.Problem.tooShort.message)) {
            try await accounts.create(email: "a@example.org", role: .owner, password: "short", by: "cli")
        }
    }
}
