import Foundation

/// Console users, their sessions and their set-up links. Passwords, session ids and set-up tokens are stored only
/// as hashes; the TOTP secret only sealed.
public protocol UserStore: Sendable {
    /// Stores a new user; `UserStoreError.emailTaken` when another user has the address.
    func createUser(_ user: ConsoleUser) async throws
    func user(id: ConsoleUser.ID) async throws -> ConsoleUser?
    /// By normalised address (`ConsoleUser.normalizedEmail(_:)`).
    func user(email: String) async throws -> ConsoleUser?
    /// Every user, by e-mail address.
    func users() async throws -> [ConsoleUser]
    /// Replaces the user's role, password hash, TOTP secret and TOTP requirement; `UserStoreError.userNotFound` for an unknown id.
    /// The sign-in counters are left alone (only the two methods below move them).
    func updateUser(_ user: ConsoleUser) async throws
    /// Counts a failed sign-in in one transaction, applying `SignInLockout.afterFailure`; the user as stored after.
    func recordFailedSignIn(of id: ConsoleUser.ID, at now: Date) async throws -> ConsoleUser
    /// Clears the failure count and any lock, after a successful sign-in or a password set-up.
    func clearFailedSignIns(of id: ConsoleUser.ID) async throws

    func createSession(_ session: ConsoleSession) async throws
    /// The session whose hash is `hash`, live or not (the caller checks `isLive(at:)`).
    func session(hash: String) async throws -> ConsoleSession?
    /// Moves the session's `lastSeenAt`.
    func touchSession(hash: String, at now: Date) async throws
    /// Ends one session (sign-out, or one found expired).
    func deleteSession(hash: String) async throws
    /// Ends every session of a user (new password, new role).
    func deleteSessions(of user: ConsoleUser.ID) async throws

    /// Stores a set-up token; a user has at most one, so this replaces an earlier one.
    func saveSetupToken(_ token: SetupToken) async throws
    /// The stored token with this hash, expired or not, without using it up.
    func setupToken(hash: String) async throws -> SetupToken?
    /// Uses the token up: the user it was for when it exists and has not expired at `now`, nil otherwise. A token
    /// can be consumed once, even by two requests at the same moment.
    func consumeSetupToken(hash: String, at now: Date) async throws -> ConsoleUser.ID?
}

/// Refusals of a user store, in domain terms.
public enum UserStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another user has this e-mail address.
    case emailTaken
    /// No user has this id.
    case userNotFound(ConsoleUser.ID)

    public var description: String {
        switch self {
        case .emailTaken: "a user with this e-mail address already exists"
        case .userNotFound(let id): "user \(id) not found"
        }
    }
}
