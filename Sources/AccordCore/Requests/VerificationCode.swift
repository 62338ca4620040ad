import Crypto
import Foundation

/// The e-mail code that proves a requester controls the address: 6 digits drawn uniformly from 000000 to 999999,
/// stored only as a keyed hash (HMAC-SHA-256 under a server secret, bound to the request), compared in constant
/// time, valid 30 minutes and for 5 tries; then a new code is needed. Pure: time and randomness are passed in.
public struct VerificationChallenge: Hashable, Sendable, Codable {
    /// How long a code is valid.
    public static let lifetime: TimeInterval = 30 * 60
    /// Wrong codes allowed per code; the fifth wrong one spends it.
    public static let maximumAttempts = 5
    /// The least time between two codes sent for one request (resend limit).
    public static let resendInterval: TimeInterval = 60
    /// Codes one request may be sent in all (the first included).
    public static let maximumSends = 10

    /// Hex HMAC of the code, bound to the request id.
    public var codeHash: String
    /// When the code was made.
    public var issuedAt: Date
    /// Wrong tries on this code so far.
    public var failedAttempts: Int
    /// Codes sent for the request so far.
    public var sends: Int

    /// A challenge from its stored parts.
    public init(codeHash: String, issuedAt: Date, failedAttempts: Int = 0, sends: Int = 1) {
        self.codeHash = codeHash
        self.issuedAt = issuedAt
        self.failedAttempts = failedAttempts
        self.sends = sends
    }

    /// When the code stops being valid.
    public var expiresAt: Date { issuedAt.addingTimeInterval(Self.lifetime) }

    /// What checking a code found.
    public enum Outcome: Hashable, Sendable {
        /// The code is right and valid.
        case accepted
        /// The code is wrong; `remaining` tries are left on this code (0: a new code is needed).
        case wrong(remaining: Int)
        /// The code's 30 minutes are over.
        case expired
        /// Five wrong tries were made: a new code is needed.
        case exhausted
    }

    /// Checks `code` at `now`, counting a wrong try in `self`. Whatever the code, the comparison runs over the
    /// whole hash, so the time taken says nothing about how close a guess was.
    public mutating func check(_ code: String, requestID: String, key: [UInt8], now: Date) -> Outcome {
        guard failedAttempts < Self.maximumAttempts else { return .exhausted }
        guard now < expiresAt else { return .expired }
        let given = Array(Self.hash(code, requestID: requestID, key: key).utf8)
        let stored = Array(codeHash.utf8)
        var difference = UInt8(given.count == stored.count ? 0 : 1)
        for index in 0..<min(given.count, stored.count) { difference |= given[index] ^ stored[index] }
        if difference == 0 { return .accepted }
        failedAttempts += 1
        return .wrong(remaining: Self.maximumAttempts - failedAttempts)
    }

    /// Whether another code may be sent at `now`.
    public func mayResend(now: Date) -> Bool {
        sends < Self.maximumSends && now >= issuedAt.addingTimeInterval(Self.resendInterval)
    }

    /// A new code: the clear code (to e-mail, never stored or logged) and the challenge that replaces this one.
    public func renewed(requestID: String, key: [UInt8], now: Date, using generator: inout some RandomNumberGenerator)
        -> (code: String, challenge: VerificationChallenge)
    {
        let (code, fresh) = Self.issue(requestID: requestID, key: key, now: now, using: &generator)
        var challenge = fresh
        challenge.sends = sends + 1
        return (code, challenge)
    }

    /// The first code of a request.
    public static func issue(requestID: String, key: [UInt8], now: Date, using generator: inout some RandomNumberGenerator)
        -> (code: String, challenge: VerificationChallenge)
    {
        // `random(in:using:)` draws without modulo bias, so every code from 000000 to 999999 is equally likely.
        let value = Int.random(in: 0...999_999, using: &generator)
        let code = String(repeating: "0", count: 6 - String(value).count) + String(value)
        return (code, VerificationChallenge(codeHash: hash(code, requestID: requestID, key: key), issuedAt: now.truncatedToMilliseconds))
    }

    /// Hex HMAC-SHA-256 of the request id and the code under `key`.
    public static func hash(_ code: String, requestID: String, key: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(requestID)\u{0}\(code)".utf8), using: SymmetricKey(data: key))
        return Array(mac).hexString
    }
}
