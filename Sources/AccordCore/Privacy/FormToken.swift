import Crypto
import Foundation

/// Anti-forgery tokens for the forms and API calls of Accord's own pages (the hosted preference center).
///
/// A token is `<issued at, Unix seconds>.<HMAC-SHA-256>` over what it was issued for: its use, the property, the
/// subject's pseudonym and the browser it was issued to (a random value kept in that browser's own cookie).
/// So a token copied from one page cannot be posted for another visitor, from another browser, on another
/// property, or after `lifetime`; and reading a page's token reveals nothing, since it is a MAC.
public struct FormTokenSigner: Sendable {
    /// What a token was issued for; a token of one use is refused for the other.
    public enum Use: String, Sendable {
        /// The anonymous visitor's form and the SDK's calls from the hosted page.
        case visitor
        /// The form of a known subject opened from a preference link.
        case link
    }

    /// Long enough for a page left open over a working day, short enough that a leaked token soon dies.
    public static let lifetime: TimeInterval = 12 * 3600
    /// Clocks of several instances may differ a little; a token from slightly in the future is still good.
    static let allowedSkew: TimeInterval = 300

    private let key: SymmetricKey

    /// `secret` is a server secret; the MAC key is derived from it for this use only.
    public init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord form token v1".utf8), outputByteCount: 32)
    }

    /// A token for `use` by `subject` on `property`, bound to `browser` (the random value in that browser's cookie).
    public func make(_ use: Use, property: PropertyID, subject: SubjectKey, browser: String, at now: Date) -> String {
        let issued = Int64(now.timeIntervalSince1970.rounded(.down))
        return "\(issued).\(mac(use, property: property, subject: subject, browser: browser, issued: issued))"
    }

    /// Whether `token` was made by this signer for exactly these values, at most `lifetime` ago and at most five
    /// minutes ahead of `now` (clock skew between instances).
    public func isValid(
        _ token: String, _ use: Use, property: PropertyID, subject: SubjectKey, browser: String, at now: Date
    ) -> Bool {
        guard token.utf8.count <= 64, let dot = token.firstIndex(of: "."), let issued = Int64(token[..<dot]) else {
            return false
        }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age <= Self.lifetime, age >= -Self.allowedSkew else { return false }
        let expected = mac(use, property: property, subject: subject, browser: browser, issued: issued)
        // Compared in constant time: the MAC must not leak byte by byte through response timing.
        let given = Array(token.utf8[token.utf8.index(after: dot)...])
        let wanted = Array(expected.utf8)
        guard given.count == wanted.count else { return false }
        return zip(given, wanted).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(_ use: Use, property: PropertyID, subject: SubjectKey, browser: String, issued: Int64) -> String {
        var message = Array("\(use.rawValue)\u{0}\(property.rawValue)\u{0}".utf8)
        message.append(contentsOf: subject.bytes)
        message.append(contentsOf: Array("\u{0}\(browser)\u{0}\(issued)".utf8))
        return Base64URL.encode(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    /// A token for the console's forms, bound to what identifies the browser there: the session's stored hash once
    /// signed in, the browser's `accord_csrf` value on the sign-in form. Never valid as a preference-center token.
    public func make(console binding: String, at now: Date) -> String {
        let issued = Int64(now.timeIntervalSince1970.rounded(.down))
        return "\(issued).\(consoleMAC(binding, issued: issued))"
    }

    /// Whether `token` was made by `make(console:at:)` for `binding`, within `lifetime`.
    public func isValid(_ token: String, console binding: String, at now: Date) -> Bool {
        guard token.utf8.count <= 64, let dot = token.firstIndex(of: "."), let issued = Int64(token[..<dot]) else {
            return false
        }
        let age = now.timeIntervalSince1970 - TimeInterval(issued)
        guard age <= Self.lifetime, age >= -Self.allowedSkew else { return false }
        let given = Array(token.utf8[token.utf8.index(after: dot)...])
        let wanted = Array(consoleMAC(binding, issued: issued).utf8)
        guard given.count == wanted.count else { return false }
        return zip(given, wanted).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func consoleMAC(_ binding: String, issued: Int64) -> String {
        let message = Array("console\u{0}\(binding)\u{0}\(issued)".utf8)
        return Base64URL.encode(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
