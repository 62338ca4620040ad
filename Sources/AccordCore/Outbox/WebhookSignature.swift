import Crypto
import Foundation

/// Standard Webhooks signing (standardwebhooks.com): `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`,
/// keyed with the base64-decoded part of a `whsec_` secret. Several signatures (during a rotation) are sent
/// space-separated in one `webhook-signature` header; a receiver accepts the message when any verifies.
public enum WebhookSignature {
    /// The prefix of every secret Accord shows.
    public static let secretPrefix = "whsec_"

    /// A fresh secret: `whsec_` and 32 random bytes in base64.
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return secretPrefix + Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// The key bytes of a secret (with or without the `whsec_` prefix); nil when the rest is not base64.
    public static func key(of secret: String) -> [UInt8]? {
        let encoded = secret.hasPrefix(secretPrefix) ? String(secret.dropFirst(secretPrefix.count)) : secret
        guard let data = Data(base64Encoded: encoded), !data.isEmpty else { return nil }
        return [UInt8](data)
    }

    /// One signature, `v1,<base64>`, of `body` sent as message `id` at Unix second `timestamp`.
    public static func sign(id: String, timestamp: Int64, body: [UInt8], key: [UInt8]) -> String {
        var content = Array("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header value: one signature per key, in order, space-separated.
    public static func header(id: String, timestamp: Int64, body: [UInt8], keys: [[UInt8]]) -> String {
        keys.map { sign(id: id, timestamp: timestamp, body: body, key: $0) }.joined(separator: " ")
    }
}
