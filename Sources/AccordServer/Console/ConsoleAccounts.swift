import AccordCore
import Foundation

/// The one path to console users, for the CLI and the console alike: creating users, setting passwords from
/// set-up links, signing in and out, and finding the session a cookie names.
public struct ConsoleAccounts: Sendable {
    let store: any UserStore
    let hasher: PasswordHasher
    let totp: TOTPSealer
    let now: @Sendable () -> Date

    /// `totpKey` is the server secret `console-totp-key`; `bcryptCost` is 12 outside tests; `now` is injected so tests
    /// can move past timeouts.
    public init(
        store: any UserStore, totpKey: [UInt8], bcryptCost: UInt8 = 12, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.totp = TOTPSealer(secret: totpKey)
        self.hasher = PasswordHasher(cost: bcryptCost)
        self.now = now
    }

    /// Why a user could not be created or a password set; `field` names the form field it belongs beside.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// A created user and, when no password was given, the token of their set-up link (shown once).
    public struct Created: Sendable {
        public var user: ConsoleUser
        public var setupToken: String?
    }

    /// Creates a user; without `password`, issues a set-up token valid for 24 hours.
    public func create(email: String, role: ConsoleRole, password: String?, by actor: String) async throws -> Created {
        guard let email = ConsoleUser.normalizedEmail(email) else {
            throw Refusal(field: "email", message: "Enter an e-mail address such as name@example.org.")
        }
        if let password, let problem = PasswordRules.check(password, email: email) {
            throw Refusal(field: "password", message: problem.message)
        }
        let time = now()
        let hash = try await password.asyncMap(hasher.hash)
        let user = ConsoleUser(id: .make(), email: email, role: role, passwordHash: hash, createdAt: time, createdBy: actor)
        do {
            try await store.createUser(user)
        } catch UserStoreError.emailTaken {
            throw Refusal(field: "email", message: "A user with this address exists already.")
        }
        guard password == nil else { return Created(user: user) }
        let (token, record) = SetupToken.issue(for: user.id, at: time)
        try await store.saveSetupToken(record)
        return Created(user: user, setupToken: token)
    }

    /// Sets the password of the user a set-up token was issued for, using the token up. Ends the user's sessions.
    public func setUp(token: String, password: String, confirmation: String) async throws -> ConsoleUser {
        guard password == confirmation else {
            throw Refusal(field: "confirmation", message: "The two passwords differ.")
        }
        // Checked before the token is used up, so a refused password can be corrected with the same link.
        guard let peek = try await pendingUser(token: token) else { throw Refusal(field: "token", message: Self.linkUnusable) }
        if let problem = PasswordRules.check(password, email: peek.email) {
            throw Refusal(field: "password", message: problem.message)
        }
        let hash = try await hasher.hash(password)
        guard let id = try await store.consumeSetupToken(hash: ConsoleSession.hash(of: token), at: now()),
            var user = try await store.user(id: id)
        else { throw Refusal(field: "token", message: Self.linkUnusable) }
        user.passwordHash = hash
        try await store.updateUser(user)
        try await store.clearFailedSignIns(of: id)
        try await store.deleteSessions(of: id)
        return user
    }

    static let linkUnusable = "This set-up link was used already or has expired; ask an owner for a new one."

    /// The user a set-up token is for, without using it up; nil when it is unknown or expired.
    func pendingUser(token: String) async throws -> ConsoleUser? {
        if case .pending(let user) = try await setupLink(token: token) { return user }
        return nil
    }

    /// Where a set-up link stands.
    enum SetupLink {
        case pending(ConsoleUser)
        /// Issued, and not used, but older than 24 hours.
        case expired
        /// Used already, replaced by a newer one, or never issued.
        case unknown
    }

    func setupLink(token: String) async throws -> SetupLink {
        guard let record = try await store.setupToken(hash: ConsoleSession.hash(of: token)) else { return .unknown }
        guard now() < record.expiresAt else { return .expired }
        return try await store.user(id: record.user).map { .pending($0) } ?? .unknown
    }

    /// The outcome of a sign-in attempt.
    public enum SignIn: Sendable {
        /// The cookie value of the new session, and its user.
        case signedIn(token: String, user: ConsoleUser)
        /// Unknown address or wrong password (the page does not say which).
        case refused
        /// Too many failures: refused without looking at the password until then.
        case locked(until: Date)
        /// The password was right, but the user has a second factor and the code was missing or wrong.
        case codeRefused
    }

    /// Checks the password and, for a user enrolled in TOTP, the code; a wrong code counts as a failed sign-in.
    public func signIn(email: String, password: String, code: String? = nil) async throws -> SignIn {
        let time = now()
        guard let email = ConsoleUser.normalizedEmail(email), let user = try await store.user(email: email),
            let hash = user.passwordHash
        else {
            try await hasher.verifyNothing(password)
            return .refused
        }
        if SignInLockout.isLocked(user, at: time), let until = user.lockedUntil { return .locked(until: until) }
        let passwordRight = try await hasher.verify(password, hash: hash)
        let codeRight =
            user.totpSecret.map { sealed in
                guard let code, let secret = totp.open(sealed, for: user.id) else { return false }
                return TOTPSealer.matches(code, secret: secret, at: time)
            } ?? true
        guard passwordRight, codeRight else {
            let after = try await store.recordFailedSignIn(of: user.id, at: time)
            if SignInLockout.isLocked(after, at: time), let until = after.lockedUntil { return .locked(until: until) }
            return passwordRight ? .codeRefused : .refused
        }
        try await store.clearFailedSignIns(of: user.id)
        let (token, session) = ConsoleSession.start(for: user.id, at: time)
        try await store.createSession(session)
        return .signedIn(token: token, user: user)
    }

    /// The live session a cookie value names, with its user; an expired one is deleted and answers nil.
    func session(token: String) async throws -> ConsoleSignIn? {
        guard token.utf8.count == 43 else { return nil }
        let hash = ConsoleSession.hash(of: token)
        guard let session = try await store.session(hash: hash) else { return nil }
        let time = now()
        guard session.isLive(at: time), let user = try await store.user(id: session.user) else {
            try await store.deleteSession(hash: hash)
            return nil
        }
        if session.needsRefresh(at: time) { try await store.touchSession(hash: hash, at: time) }
        return ConsoleSignIn(user: user, session: session)
    }

    /// Ends the session on the server, so its cookie is worthless even if it was copied.
    func signOut(_ session: ConsoleSession) async throws {
        try await store.deleteSession(hash: session.hash)
    }

    /// Every user, for the owners' page.
    func users() async throws -> [ConsoleUser] { try await store.users() }

    /// A TOTP secret offered to `user`: its typed form, its authenticator address, and the form's `pending` value (the
    /// secret sealed for this user, so the form cannot be made to enrol a secret of someone else's choosing).
    func offerTOTP(to user: ConsoleUser) throws -> (typed: String, url: String, pending: String) {
        let secret = TOTPSealer.newSecret()
        let pending = Base64URL.encode(try totp.seal(secret, for: user.id))
        return (TOTPSealer.typedForm(of: secret), TOTPSealer.authenticatorURL(secret: secret, email: user.email), pending)
    }

    /// Enrols the offered secret once the user proves their app has it with a current code.
    func enrolTOTP(_ user: ConsoleUser, pending: String, code: String) async throws {
        guard let sealed = Base64URL.decode(pending), let secret = totp.open(sealed, for: user.id) else {
            throw Refusal(field: "code", message: "The offer had expired. Scan the new secret and enter its code.")
        }
        guard TOTPSealer.matches(code, secret: secret, at: now()) else {
            throw Refusal(field: "code", message: "That code does not match. Enter the 6 digits your app shows now.")
        }
        var updated = user
        updated.totpSecret = sealed
        try await store.updateUser(updated)
    }

    /// An owner requires (or stops requiring) a user to sign in with a TOTP code.
    func requireTOTP(_ required: Bool, of id: ConsoleUser.ID) async throws {
        guard var user = try await store.user(id: id) else { throw ConsoleRefusal.notFound }
        user.totpRequired = required
        try await store.updateUser(user)
    }
}

/// Who is signed in on a console request: the user as stored now (so a role change applies at once) and the session.
struct ConsoleSignIn: Sendable {
    let user: ConsoleUser
    let session: ConsoleSession
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
