import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func createUser(_ user: ConsoleUser) async throws {
        try await guarded {
            try await pool.write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM console_users WHERE email = ?", arguments: [user.email]) != nil {
                    throw UserStoreError.emailTaken
                }
                try db.execute(
                    sql: """
                        INSERT INTO console_users (id, email, role, password_hash, totp_secret, totp_required, failed_sign_ins,
                            locked_until, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        user.id.rawValue, user.email, user.role.rawValue, user.passwordHash, user.totpSecret.map { Data($0) },
                        user.totpRequired, user.failedSignIns, user.lockedUntil?.millisecondsSince1970, user.createdAt.millisecondsSince1970,
                        user.createdBy,
                    ])
            }
        }
    }

    public func user(id: ConsoleUser.ID) async throws -> ConsoleUser? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM console_users WHERE id = ?", arguments: [id.rawValue]).map(Self.user)
            }
        }
    }

    public func user(email: String) async throws -> ConsoleUser? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM console_users WHERE email = ?", arguments: [email]).map(Self.user)
            }
        }
    }

    public func users() async throws -> [ConsoleUser] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(db, sql: "SELECT * FROM console_users ORDER BY email").map(Self.user)
            }
        }
    }

    public func updateUser(_ user: ConsoleUser) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE console_users SET role = ?, password_hash = ?, totp_secret = ?, totp_required = ? WHERE id = ?",
                    arguments: [
                        user.role.rawValue, user.passwordHash, user.totpSecret.map { Data($0) }, user.totpRequired, user.id.rawValue,
                    ])
                if db.changesCount == 0 { throw UserStoreError.userNotFound(user.id) }
            }
        }
    }

    public func recordFailedSignIn(of id: ConsoleUser.ID, at now: Date) async throws -> ConsoleUser {
        try await guarded {
            try await pool.write { db in
                guard
                    var user = try Row.fetchOne(db, sql: "SELECT * FROM console_users WHERE id = ?", arguments: [id.rawValue])
                        .map(Self.user)
                else { throw UserStoreError.userNotFound(id) }
                (user.failedSignIns, user.lockedUntil) = SignInLockout.afterFailure(
                    failures: user.failedSignIns, lockedUntil: user.lockedUntil, at: now)
                try db.execute(
                    sql: "UPDATE console_users SET failed_sign_ins = ?, locked_until = ? WHERE id = ?",
                    arguments: [user.failedSignIns, user.lockedUntil?.millisecondsSince1970, id.rawValue])
                return user
            }
        }
    }

    public func clearFailedSignIns(of id: ConsoleUser.ID) async throws {
        try await write("UPDATE console_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?", [id.rawValue])
    }

    public func createSession(_ session: ConsoleSession) async throws {
        try await write(
            "INSERT INTO console_sessions (hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            [session.hash, session.user.rawValue, session.createdAt.millisecondsSince1970, session.lastSeenAt.millisecondsSince1970])
    }

    public func session(hash: String) async throws -> ConsoleSession? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM console_sessions WHERE hash = ?", arguments: [hash]).map { row in
                    func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "console_sessions", name) }
                    return ConsoleSession(
                        hash: try column("hash"), user: ConsoleUser.ID(rawValue: try column("user_id")),
                        createdAt: Date(millisecondsSince1970: try column("created_at")),
                        lastSeenAt: Date(millisecondsSince1970: try column("last_seen_at")))
                }
            }
        }
    }

    public func touchSession(hash: String, at now: Date) async throws {
        try await write("UPDATE console_sessions SET last_seen_at = ? WHERE hash = ?", [now.millisecondsSince1970, hash])
    }

    public func deleteSession(hash: String) async throws {
        try await write("DELETE FROM console_sessions WHERE hash = ?", [hash])
    }

    public func deleteSessions(of user: ConsoleUser.ID) async throws {
        try await write("DELETE FROM console_sessions WHERE user_id = ?", [user.rawValue])
    }

    public func saveSetupToken(_ token: SetupToken) async throws {
        try await write(
            "INSERT OR REPLACE INTO console_setup_tokens (hash, user_id, expires_at) VALUES (?, ?, ?)",
            [token.hash, token.user.rawValue, token.expiresAt.millisecondsSince1970])
    }

    public func setupToken(hash: String) async throws -> SetupToken? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(db, sql: "SELECT * FROM console_setup_tokens WHERE hash = ?", arguments: [hash]).map { row in
                    func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "console_setup_tokens", name) }
                    return SetupToken(
                        hash: try column("hash"), user: ConsoleUser.ID(rawValue: try column("user_id")),
                        expiresAt: Date(millisecondsSince1970: try column("expires_at")))
                }
            }
        }
    }

    public func consumeSetupToken(hash: String, at now: Date) async throws -> ConsoleUser.ID? {
        try await guarded {
            try await pool.write { db in
                let row = try Row.fetchOne(
                    db, sql: "DELETE FROM console_setup_tokens WHERE hash = ? RETURNING user_id, expires_at", arguments: [hash])
                guard let row else { return nil }
                let expires: Int64 = try cell(row, "console_setup_tokens", "expires_at")
                guard now.millisecondsSince1970 < expires else { return nil }
                return ConsoleUser.ID(rawValue: try cell(row, "console_setup_tokens", "user_id"))
            }
        }
    }

    private func write(_ sql: String, _ arguments: StatementArguments) async throws {
        try await guarded {
            try await pool.write { db in try db.execute(sql: sql, arguments: arguments) }
        }
    }

    private static func user(_ row: Row) throws -> ConsoleUser {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "console_users", name) }
        guard let role = ConsoleRole(rawValue: try column("role")) else {
            throw StoreError.corrupt("console_users.role does not hold a valid value")
        }
        let secret: Data? = try column("totp_secret")
        let locked: Int64? = try column("locked_until")
        return ConsoleUser(
            id: ConsoleUser.ID(rawValue: try column("id")), email: try column("email"), role: role,
            passwordHash: try column("password_hash"), totpSecret: secret.map(Array.init), totpRequired: try column("totp_required"),
            failedSignIns: try column("failed_sign_ins"), lockedUntil: locked.map(Date.init(millisecondsSince1970:)),
            createdAt: Date(millisecondsSince1970: try column("created_at")), createdBy: try column("created_by"))
    }
}
