import AccordCore
import Foundation
import Testing

/// One check of the user-store contract.
public struct UserContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any UserStore) async throws -> Void
    public var testDescription: String { name }
}

/// What every store of console users must do. Each case makes users with fresh addresses, so cases can share a
/// database and run in parallel.
public enum UserStoreContract {
    static let start = Date(millisecondsSince1970: 1_790_000_000_000)

    static func newUser(_ role: ConsoleRole = .editor, password: String? = "$2b$12$hash") -> ConsoleUser {
        ConsoleUser(
            id: .make(), email: "u-\(UUID().uuidString.lowercased().prefix(12))@example.org", role: role,
            passwordHash: password, createdAt: start, createdBy: "cli")
    }

    public static let cases: [UserContractCase] = [
        UserContractCase(name: "createdUserReadsBackByIdAndByEmail") { store in
            var user = newUser(.auditor, password: nil)
            user.totpSecret = [1, 2, 3, 0, 255]
            try await store.createUser(user)
            #expect(try await store.user(id: user.id) == user)
            #expect(try await store.user(email: user.email) == user)
            #expect(try await store.user(email: "nobody-\(UUID())@example.org") == nil)
            #expect(try await store.users().contains(user))
        },
        UserContractCase(name: "secondUserWithTheSameEmailIsRefused") { store in
            let user = newUser()
            try await store.createUser(user)
            var twin = newUser()
            twin.email = user.email
            await #expect(throws: UserStoreError.emailTaken) { try await store.createUser(twin) }
            #expect(try await store.user(id: twin.id) == nil)
        },
        UserContractCase(name: "usersAreListedByEmail") { store in
            let users = [newUser(), newUser(), newUser()]
            for user in users { try await store.createUser(user) }
            let listed = try await store.users().map(\.email).filter { email in users.contains { $0.email == email } }
            #expect(listed == users.map(\.email).sorted())
        },
        UserContractCase(name: "updateReplacesRoleHashAndSecretButNotCounters") { store in
            var user = newUser(.editor)
            try await store.createUser(user)
            _ = try await store.recordFailedSignIn(of: user.id, at: start)
            user.role = .owner
            user.passwordHash = "$2b$12$other"
            user.totpSecret = [9, 9]
            user.totpRequired = true
            user.failedSignIns = 0
            try await store.updateUser(user)
            let stored = try #require(try await store.user(id: user.id))
            #expect(stored.role == .owner)
            #expect(stored.passwordHash == "$2b$12$other")
            #expect(stored.totpSecret == [9, 9])
            #expect(stored.totpRequired)
            #expect(stored.failedSignIns == 1)
            await #expect(throws: UserStoreError.userNotFound(ConsoleUser.ID(rawValue: "missing"))) {
                var missing = user
                missing.id = ConsoleUser.ID(rawValue: "missing")
                try await store.updateUser(missing)
            }
        },
        UserContractCase(name: "fifthFailureLocksForFifteenMinutesAndSuccessClears") { store in
            let user = newUser()
            try await store.createUser(user)
            for attempt in 1...4 {
                let after = try await store.recordFailedSignIn(of: user.id, at: start.addingTimeInterval(Double(attempt)))
                #expect(after.failedSignIns == attempt)
                #expect(after.lockedUntil == nil)
            }
            let locked = try await store.recordFailedSignIn(of: user.id, at: start.addingTimeInterval(5))
            #expect(locked.lockedUntil == start.addingTimeInterval(5 + SignInLockout.duration))
            #expect(SignInLockout.isLocked(locked, at: start.addingTimeInterval(6)))
            #expect(try await store.user(id: user.id) == locked)
            try await store.clearFailedSignIns(of: user.id)
            let cleared = try #require(try await store.user(id: user.id))
            #expect(cleared.failedSignIns == 0)
            #expect(cleared.lockedUntil == nil)
        },
        UserContractCase(name: "concurrentFailuresAreAllCounted") { store in
            let user = newUser()
            try await store.createUser(user)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try await store.recordFailedSignIn(of: user.id, at: start) } }
                try await group.waitForAll()
            }
            #expect(try await store.user(id: user.id)?.failedSignIns == 4)
        },
        UserContractCase(name: "sessionsAreFoundByHashTouchedAndEnded") { store in
            let user = newUser()
            try await store.createUser(user)
            let (token, session) = ConsoleSession.start(for: user.id, at: start)
            let (_, other) = ConsoleSession.start(for: user.id, at: start)
            try await store.createSession(session)
            try await store.createSession(other)
            #expect(try await store.session(hash: ConsoleSession.hash(of: token)) == session)
            try await store.touchSession(hash: session.hash, at: start.addingTimeInterval(120))
            #expect(try await store.session(hash: session.hash)?.lastSeenAt == start.addingTimeInterval(120))
            try await store.deleteSession(hash: session.hash)
            #expect(try await store.session(hash: session.hash) == nil)
            #expect(try await store.session(hash: other.hash) == other)
            try await store.deleteSessions(of: user.id)
            #expect(try await store.session(hash: other.hash) == nil)
        },
        UserContractCase(name: "setupTokenWorksOnceAndNotAfterItExpires") { store in
            let user = newUser(password: nil)
            try await store.createUser(user)
            let (token, record) = SetupToken.issue(for: user.id, at: start)
            try await store.saveSetupToken(record)
            let hash = ConsoleSession.hash(of: token)
            #expect(try await store.setupToken(hash: hash) == record)
            #expect(try await store.consumeSetupToken(hash: hash, at: start.addingTimeInterval(60)) == user.id)
            #expect(try await store.setupToken(hash: hash) == nil)
            #expect(try await store.consumeSetupToken(hash: hash, at: start.addingTimeInterval(61)) == nil)
            let (late, lateRecord) = SetupToken.issue(for: user.id, at: start)
            try await store.saveSetupToken(lateRecord)
            #expect(
                try await store.consumeSetupToken(
                    hash: ConsoleSession.hash(of: late), at: start.addingTimeInterval(SetupToken.lifetime)) == nil)
        },
        UserContractCase(name: "newSetupTokenReplacesTheUsersEarlierOne") { store in
            let user = newUser(password: nil)
            try await store.createUser(user)
            let (first, firstRecord) = SetupToken.issue(for: user.id, at: start)
            try await store.saveSetupToken(firstRecord)
            let (second, secondRecord) = SetupToken.issue(for: user.id, at: start)
            try await store.saveSetupToken(secondRecord)
            #expect(try await store.consumeSetupToken(hash: ConsoleSession.hash(of: first), at: start) == nil)
            #expect(try await store.consumeSetupToken(hash: ConsoleSession.hash(of: second), at: start) == user.id)
        },
        UserContractCase(name: "concurrentConsumersOfOneTokenGetItOnce") { store in
            let user = newUser(password: nil)
            try await store.createUser(user)
            let (token, record) = SetupToken.issue(for: user.id, at: start)
            try await store.saveSetupToken(record)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await store.consumeSetupToken(hash: ConsoleSession.hash(of: token), at: start) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        },
    ]
}
