import Crypto
import Foundation

/// An Ed25519 public key as a JWK (RFC 8037), as served at `/.well-known/jwks.json`.
public struct JSONWebKey: Hashable, Sendable, Codable {
    /// Key type: `OKP`, an octet key pair (RFC 8037, section 2).
    public var kty = "OKP"
    /// The curve: `Ed25519`.
    public var crv = "Ed25519"
    /// The 32-byte public key, base64url without padding.
    public var x: String
    /// The key id: its RFC 7638 thumbprint, which a receipt's header names.
    public var kid: String
    /// `sig`: the key verifies signatures only.
    public var use = "sig"
    /// `EdDSA`, the JWS algorithm receipts are signed with.
    public var alg = "EdDSA"

    /// The JWK of `publicKey`, its `kid` set to the thumbprint.
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

    /// The key for verifying; nil when this is not an Ed25519 key or `x` does not decode to one.
    public var publicKey: Curve25519.Signing.PublicKey? {
        guard kty == "OKP", crv == "Ed25519", let bytes = Base64URL.decode(x) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }
}

/// A JWK set: `{"keys": [...]}`.
public struct JSONWebKeySet: Hashable, Sendable, Codable {
    /// The keys a receipt may verify against; today the instance's one signing key.
    public var keys: [JSONWebKey]
    /// A set to publish or verify against; order does not matter, as receipts name their key.
    public init(keys: [JSONWebKey]) { self.keys = keys }
}
