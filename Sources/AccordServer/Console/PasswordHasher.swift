import HummingbirdBcrypt
import NIOPosix

/// bcrypt (HummingbirdBcrypt) off the concurrency pool: one hash at cost 12 keeps a core busy for a quarter of a
/// second or more, which would stall every other request on a two-core machine if run on a cooperative thread.
struct PasswordHasher: Sendable {
    /// The bcrypt cost: 12 in production (`standard`); tests of the HTTP flows may use less.
    var cost: UInt8

    static let standard = PasswordHasher(cost: 12)

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends the time of one verification when there is no user, so a wrong address takes as long to refuse as a
    /// wrong password (no telling which addresses have accounts by timing).
    func verifyNothing(_ password: String) async throws {
        _ = try await hash(password)
    }
}
