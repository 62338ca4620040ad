import Crypto
import Foundation

/// A signed-in console session as stored: the SHA-256 of its random id, never the id itself (which lives only in
/// the browser's `accord_session` cookie), so a copy of the database cannot be used to sign in.
public struct ConsoleSession: Hashable, Sendable, Codable {
    /// Hex SHA-256 of the cookie's value.
    public var hash: String
    public var user: ConsoleUser.ID
    public var createdAt: Date
    /// The last request seen, within `refreshInterval`.
    public var lastSeenAt: Date

    public init(hash: String, user: ConsoleUser.ID, createdAt: Date, lastSeenAt: Date) {
        self.hash = hash
        self.user = user
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }

    /// Ends after 30 minutes without a request.
    public static let idleTimeout: TimeInterval = 30 * 60
    /// Ends 12 hours after sign-in, however busy.
    public static let absoluteTimeout: TimeInterval = 12 * 3600
    /// `lastSeenAt` is written at most once a minute, not on every request.
    public static let refreshInterval: TimeInterval = 60

    /// Whether the session still admits requests at `now`.
    public func isLive(at now: Date) -> Bool {
        now < lastSeenAt.addingTimeInterval(Self.idleTimeout) && now < createdAt.addingTimeInterval(Self.absoluteTimeout)
            && now >= createdAt.addingTimeInterval(-300)
    }

    /// Whether a request at `now` should move `lastSeenAt`.
    public func needsRefresh(at now: Date) -> Bool {
        now >= lastSeenAt.addingTimeInterval(Self.refreshInterval)
    }

    /// A new session for `user`: the cookie value (256 random bits, base64url) and the record to store.
    public static func start(for user: ConsoleUser.ID, at now: Date) -> (token: String, session: ConsoleSession) {
        let token = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        return (token, ConsoleSession(hash: hash(of: token), user: user, createdAt: now, lastSeenAt: now))
    }

    /// Hex SHA-256 of a cookie value or set-up token: what stores look it up by.
    public static func hash(of token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }
}

/// A single-use link that lets a new user choose their password, valid for 24 hours. Stored hashed like sessions.
public struct SetupToken: Hashable, Sendable, Codable {
    public static let lifetime: TimeInterval = 24 * 3600

    /// Hex SHA-256 of the token in the link.
    public var hash: String
    public var user: ConsoleUser.ID
    public var expiresAt: Date

    public init(hash: String, user: ConsoleUser.ID, expiresAt: Date) {
        self.hash = hash
        self.user = user
        self.expiresAt = expiresAt
    }

    /// A new token for `user`: its text, for the link, and the record to store.
    public static func issue(for user: ConsoleUser.ID, at now: Date) -> (token: String, record: SetupToken) {
        let token = Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        return (token, SetupToken(hash: ConsoleSession.hash(of: token), user: user, expiresAt: now.addingTimeInterval(lifetime)))
    }
}
