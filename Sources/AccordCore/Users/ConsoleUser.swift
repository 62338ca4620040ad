import Foundation

/// A person who signs in to the console. The e-mail address is kept as given (lower-cased), since the console
/// shows it to owners; it is never logged. The password exists only as a bcrypt hash.
public struct ConsoleUser: Hashable, Sendable, Codable {
    /// A user's stable id (a UUID), which sessions and set-up links refer to.
    public struct ID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A new random id.
        public static func make() -> ID { ID(rawValue: UUID().uuidString.lowercased()) }
        public var description: String { rawValue }
    }

    public var id: ID
    /// Lower-cased and trimmed (`ConsoleUser.normalizedEmail(_:)`); unique among users.
    public var email: String
    public var role: ConsoleRole
    /// bcrypt (`$2b$12$...`); nil until the user followed their set-up link.
    public var passwordHash: String?
    /// The TOTP secret sealed by the server's TOTP key (itself wrapped by the root key); nil when not enrolled.
    public var totpSecret: [UInt8]?
    /// An owner requires this user to sign in with a TOTP code; until they enrol, only their account page opens.
    public var totpRequired: Bool
    /// Failed sign-ins since the last success or the last lockout (`SignInLockout`).
    public var failedSignIns: Int
    /// Sign-ins are refused until then.
    public var lockedUntil: Date?
    public var createdAt: Date
    /// Who created the user: `cli`, or `user:<email>` for an owner in the console.
    public var createdBy: String

    /// A user as created or as read back from a store.
    public init(
        id: ID, email: String, role: ConsoleRole, passwordHash: String?, totpSecret: [UInt8]? = nil, totpRequired: Bool = false,
        failedSignIns: Int = 0,
        lockedUntil: Date? = nil, createdAt: Date, createdBy: String
    ) {
        self.id = id
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.totpRequired = totpRequired
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The address as stored and looked up: trimmed and lower-cased; nil when it is not shaped like an address.
    public static func normalizedEmail(_ text: String) -> String? {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            email.unicodeScalars.allSatisfy({ $0.value > 32 && $0 != "<" && $0 != ">" && $0 != "\"" })
        else { return nil }
        return email
    }
}
