import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    static let userColumns =
        "id, email, role, password_hash, totp_secret, totp_required, failed_sign_ins, locked_until, created_at, created_by"

    public func createUser(_ user: ConsoleUser) async throws {
        let secret = user.totpSecret.map { ByteBuffer(bytes: $0) }
        try await guarded {
            let rows = try await self.client.query(
                """
                INSERT INTO console_users (id, email, role, password_hash, totp_secret, totp_required, failed_sign_ins,
                    locked_until, created_at, created_by)
                VALUES (\(user.id.rawValue), \(user.email), \(user.role.rawValue), \(user.passwordHash), \(secret), \(user.totpRequired),
                    \(user.failedSignIns), \(user.lockedUntil?.millisecondsSince1970), \(user.createdAt.millisecondsSince1970),
                    \(user.createdBy))
                ON CONFLICT (email) DO NOTHING RETURNING id
                """,
                logger: self.logger
            ).collect()
            if rows.isEmpty { throw UserStoreError.emailTaken }
        }
    }

    public func user(id: ConsoleUser.ID) async throws -> ConsoleUser? {
        try await guarded {
            try await self.client.query(
                "SELECT \(unescaped: Self.userColumns) FROM console_users WHERE id = \(id.rawValue)", logger: self.logger
            ).collect().first.map(Self.user)
        }
    }

    public func user(email: String) async throws -> ConsoleUser? {
        try await guarded {
            try await self.client.query(
                "SELECT \(unescaped: Self.userColumns) FROM console_users WHERE email = \(email)", logger: self.logger
            ).collect().first.map(Self.user)
        }
    }

    public func users() async throws -> [ConsoleUser] {
        try await guarded {
            try await self.client.query(
                "SELECT \(unescaped: Self.userColumns) FROM console_users ORDER BY email COLLATE \"C\"", logger: self.logger
            ).collect().map(Self.user)
        }
    }

    public func updateUser(_ user: ConsoleUser) async throws {
        let secret = user.totpSecret.map { ByteBuffer(bytes: $0) }
        try await guarded {
            let rows = try await self.client.query(
                """
                UPDATE console_users SET role = \(user.role.rawValue), password_hash = \(user.passwordHash),
                    totp_secret = \(secret), totp_required = \(user.totpRequired)
                WHERE id = \(user.id.rawValue) RETURNING id
                """,
                logger: self.logger
            ).collect()
            if rows.isEmpty { throw UserStoreError.userNotFound(user.id) }
        }
    }

    public func recordFailedSignIn(of id: ConsoleUser.ID, at now: Date) async throws -> ConsoleUser {
        try await guarded {
            try await self.transaction { connection in
                let rows = try await connection.query(
                    "SELECT \(unescaped: Self.userColumns) FROM console_users WHERE id = \(id.rawValue) FOR UPDATE",
                    logger: self.logger
                ).collect()
                guard var user = try rows.first.map(Self.user) else { throw UserStoreError.userNotFound(id) }
                (user.failedSignIns, user.lockedUntil) = SignInLockout.afterFailure(
                    failures: user.failedSignIns, lockedUntil: user.lockedUntil, at: now)
                try await connection.query(
                    """
                    UPDATE console_users SET failed_sign_ins = \(user.failedSignIns),
                        locked_until = \(user.lockedUntil?.millisecondsSince1970) WHERE id = \(id.rawValue)
                    """,
                    logger: self.logger)
                return user
            }
        }
    }

    public func clearFailedSignIns(of id: ConsoleUser.ID) async throws {
        try await run("UPDATE console_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = \(id.rawValue)")
    }

    public func createSession(_ session: ConsoleSession) async throws {
        try await run(
            """
            INSERT INTO console_sessions (hash, user_id, created_at, last_seen_at)
            VALUES (\(session.hash), \(session.user.rawValue), \(session.createdAt.millisecondsSince1970),
                \(session.lastSeenAt.millisecondsSince1970))
            """)
    }

    public func session(hash: String) async throws -> ConsoleSession? {
        try await guarded {
            try await self.client.query(
                "SELECT hash, user_id, created_at, last_seen_at FROM console_sessions WHERE hash = \(hash)", logger: self.logger
            ).collect().first.map { row in
                let (hash, user, created, seen) = try row.decode((String, String, Int64, Int64).self)
                return ConsoleSession(
                    hash: hash, user: ConsoleUser.ID(rawValue: user), createdAt: Date(millisecondsSince1970: created),
                    lastSeenAt: Date(millisecondsSince1970: seen))
            }
        }
    }

    public func touchSession(hash: String, at now: Date) async throws {
        try await run("UPDATE console_sessions SET last_seen_at = \(now.millisecondsSince1970) WHERE hash = \(hash)")
    }

    public func deleteSession(hash: String) async throws {
        try await run("DELETE FROM console_sessions WHERE hash = \(hash)")
    }

    public func deleteSessions(of user: ConsoleUser.ID) async throws {
        try await run("DELETE FROM console_sessions WHERE user_id = \(user.rawValue)")
    }

    public func saveSetupToken(_ token: SetupToken) async throws {
        try await run(
            """
            INSERT INTO console_setup_tokens (hash, user_id, expires_at)
            VALUES (\(token.hash), \(token.user.rawValue), \(token.expiresAt.millisecondsSince1970))
            ON CONFLICT (user_id) DO UPDATE SET hash = EXCLUDED.hash, expires_at = EXCLUDED.expires_at
            """)
    }

    public func setupToken(hash: String) async throws -> SetupToken? {
        try await guarded {
            try await self.client.query(
                "SELECT hash, user_id, expires_at FROM console_setup_tokens WHERE hash = \(hash)", logger: self.logger
            ).collect().first.map { row in
                let (hash, user, expires) = try row.decode((String, String, Int64).self)
                return SetupToken(hash: hash, user: ConsoleUser.ID(rawValue: user), expiresAt: Date(millisecondsSince1970: expires))
            }
        }
    }

    public func consumeSetupToken(hash: String, at now: Date) async throws -> ConsoleUser.ID? {
        try await guarded {
            let rows = try await self.client.query(
                "DELETE FROM console_setup_tokens WHERE hash = \(hash) RETURNING user_id, expires_at", logger: self.logger
            ).collect()
            guard let row = rows.first else { return nil }
            let (user, expires) = try row.decode((String, Int64).self)
            return now.millisecondsSince1970 < expires ? ConsoleUser.ID(rawValue: user) : nil
        }
    }

    private func run(_ query: PostgresQuery) async throws {
        try await guarded { _ = try await self.client.query(query, logger: self.logger).collect() }
    }

    private static func user(_ row: PostgresRow) throws -> ConsoleUser {
        let (id, email, role, password, secret, required, failures, locked, created, createdBy) = try row.decode(
            (String, String, String, String?, ByteBuffer?, Bool, Int32, Int64?, Int64, String).self)
        guard let role = ConsoleRole(rawValue: role) else { throw StoreError.corrupt("console_users.role is not a role") }
        return ConsoleUser(
            id: ConsoleUser.ID(rawValue: id), email: email, role: role, passwordHash: password,
            totpSecret: secret.map { Array($0.readableBytesView) }, totpRequired: required, failedSignIns: Int(failures),
            lockedUntil: locked.map(Date.init(millisecondsSince1970:)), createdAt: Date(millisecondsSince1970: created),
            createdBy: createdBy)
    }
}
