import Crypto
import Foundation

/// The token a webhook connector answers with (issue 14 §1): signed (HMAC-SHA256 with a server key), naming the
/// property, request and system, valid until the request's due date, and single use (its nonce is recorded with
/// the answer, and a recorded nonce is refused). Text: base64url(claims JSON) "." base64url(MAC).
public struct CallbackToken: Sendable, Hashable, Codable {
    public var property: String
    public var request: String
    public var system: String
    /// Seconds since 1970 after which the token is refused.
    public var expires: Int64
    /// Random, 16 bytes in hex: what makes the token single use.
    public var nonce: String

    enum CodingKeys: String, CodingKey {
        case property = "p", request = "r", system = "s", expires = "e", nonce = "n"
    }

    /// Why a token is refused.
    public enum Problem: Error, Sendable, Hashable {
        /// Not a token, or not signed by this server.
        case forged
        /// Past its request's due date.
        case expired
    }

    /// A new token for `system` of `request`, valid until `expires`.
    public init(property: PropertyID, request: String, system: String, expires: Date) {
        self.property = property.rawValue
        self.request = request
        self.system = system
        self.expires = Int64(expires.timeIntervalSince1970.rounded(.down))
        var generator = SystemRandomNumberGenerator()
        self.nonce = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    /// The token's text, signed with `key`.
    public func signed(key: [UInt8]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let claims = Base64URL.encode(Array((try? encoder.encode(self)) ?? Data()))
        return claims + "." + Base64URL.encode(Self.mac(claims, key: key))
    }

    /// The claims of `text` when `key` signed it and it has not expired at `now`.
    public static func verify(_ text: String, key: [UInt8], now: Date) throws(Problem) -> CallbackToken {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 1024, parts.count == 2, let mac = Base64URL.decode(String(parts[1])),
            mac.count == 32, Self.equal(mac, Self.mac(String(parts[0]), key: key)),
            let claims = Base64URL.decode(String(parts[0])),
            let token = try? JSONDecoder().decode(CallbackToken.self, from: Data(claims))
        else { throw .forged }
        guard Double(token.expires) > now.timeIntervalSince1970 else { throw .expired }
        return token
    }

    static func mac(_ text: String, key: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
