import Foundation
import Synchronization

/// What the in-memory store keeps for `UserStore`.
struct UserContents {
    var users: [ConsoleUser.ID: ConsoleUser] = [:]
    var sessions: [String: ConsoleSession] = [:]
    var setupTokens: [String: SetupToken] = [:]
}

extension InMemoryConsentStore {
    public func createUser(_ user: ConsoleUser) async throws {
        try people.withLock { people in
            guard !people.users.values.contains(where: { $0.email == user.email }) else { throw UserStoreError.emailTaken }
            people.users[user.id] = user
        }
    }

    public func user(id: ConsoleUser.ID) async throws -> ConsoleUser? {
        people.withLock { $0.users[id] }
    }

    public func user(email: String) async throws -> ConsoleUser? {
        people.withLock { $0.users.values.first { $0.email == email } }
    }

    public func users() async throws -> [ConsoleUser] {
        people.withLock { $0.users.values.sorted { $0.email < $1.email } }
    }

    public func updateUser(_ user: ConsoleUser) async throws {
        try people.withLock { people in
            guard var stored = people.users[user.id] else { throw UserStoreError.userNotFound(user.id) }
            stored.role = user.role
            stored.passwordHash = user.passwordHash
            stored.totpSecret = user.totpSecret
            stored.totpRequired = user.totpRequired
            people.users[user.id] = stored
        }
    }

    public func recordFailedSignIn(of id: ConsoleUser.ID, at now: Date) async throws -> ConsoleUser {
        try people.withLock { people in
            guard var user = people.users[id] else { throw UserStoreError.userNotFound(id) }
            (user.failedSignIns, user.lockedUntil) = SignInLockout.afterFailure(
                failures: user.failedSignIns, lockedUntil: user.lockedUntil, at: now)
            people.users[id] = user
            return user
        }
    }

    public func clearFailedSignIns(of id: ConsoleUser.ID) async throws {
        people.withLock { people in
            people.users[id]?.failedSignIns = 0
            people.users[id]?.lockedUntil = nil
        }
    }

    public func createSession(_ session: ConsoleSession) async throws {
        people.withLock { $0.sessions[session.hash] = session }
    }

    public func session(hash: String) async throws -> ConsoleSession? {
        people.withLock { $0.sessions[hash] }
    }

    public func touchSession(hash: String, at now: Date) async throws {
        people.withLock { $0.sessions[hash]?.lastSeenAt = now }
    }

    public func deleteSession(hash: String) async throws {
        people.withLock { _ = $0.sessions.removeValue(forKey: hash) }
    }

    public func deleteSessions(of user: ConsoleUser.ID) async throws {
        people.withLock { people in people.sessions = people.sessions.filter { $0.value.user != user } }
    }

    public func saveSetupToken(_ token: SetupToken) async throws {
        people.withLock { people in
            people.setupTokens = people.setupTokens.filter { $0.value.user != token.user }
            people.setupTokens[token.hash] = token
        }
    }

    public func setupToken(hash: String) async throws -> SetupToken? {
        people.withLock { $0.setupTokens[hash] }
    }

    public func consumeSetupToken(hash: String, at now: Date) async throws -> ConsoleUser.ID? {
        people.withLock { people in
            guard let token = people.setupTokens.removeValue(forKey: hash), now < token.expiresAt else { return nil }
            return token.user
        }
    }
}
