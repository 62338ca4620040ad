import Crypto
import Foundation

/// An Ed25519 public key as a JWK (RFC 8037), as served at `/.well-known/jwks.json`.
public struct JSONWebKey: Hashable, Sendable, Codable {
    public var kty = "OKP"
    public var crv = "Ed25519"
    public var x: String
    public var kid: String
    public var use = "sig"
    public var alg = "EdDSA"

    public init(publicKey: Curve25519.Signing.PublicKey) {
        self.x = Base64URL.encode(publicKey.rawRepresentation)
        self.kid = JSONWebKey.thumbprint(x: x)
    }

    /// The RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order.
    public var thumbprint: String { JSONWebKey.thumbprint(x: x) }

    private static func thumbprint(x: String) -> String {
        let members = #"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#
        return Base64URL.encode(SHA256.hash(data: Array(members.utf8)))
    }

    public var publicKey: Curve25519.Signing.PublicKey? {
        guard kty == "OKP", crv == "Ed25519", let bytes = Base64URL.decode(x) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }
}

/// A JWK set: `{"keys": [...]}`.
public struct JSONWebKeySet: Hashable, Sendable, Codable {
    public var keys: [JSONWebKey]
    public init(keys: [JSONWebKey]) { self.keys = keys }
}
