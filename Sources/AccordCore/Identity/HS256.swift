import Crypto
import Foundation

/// Compact JWS (RFC 7515) with HMAC-SHA-256 (`HS256`, RFC 7518 §3.2): what a site's backend signs identify tokens
/// with, using the property's identity secret. Only `HS256` is accepted, whatever the header claims, so a token
/// cannot choose a weaker algorithm (`none`) or another key.
public enum HS256 {
    /// Why a compact JWS was refused.
    public enum Failure: Error, Hashable, Sendable {
        /// Not three base64url parts, or a header that is not a JSON object.
        case malformed
        /// The header names another algorithm than `HS256`.
        case algorithm
        /// The signature does not verify with the key: forged, changed, or signed with another secret.
        case signature
    }

    private struct Header: Decodable {
        var alg: String
    }

    /// The payload's bytes once the signature over `<header>.<payload>` verifies with `key`; compared in constant time.
    public static func verify(_ token: String, key: [UInt8]) throws(Failure) -> [UInt8] {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payload = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw .malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else { throw .malformed }
        guard header.alg == "HS256" else { throw .algorithm }
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: SymmetricKey(data: key))
        else { throw .signature }
        return payload
    }

    /// `<header>.<payload>.<signature>` for `payload` with the header `{"alg":"HS256","typ":"JWT"}`.
    public static func sign(payload: [UInt8], key: [UInt8]) -> String {
        let input = Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(payload)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: key))
        return input + "." + Base64URL.encode(Array(mac))
    }
}
