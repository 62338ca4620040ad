import Crypto
import Foundation

/// Signs consent receipts as compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037).
public struct ReceiptSigner: Sendable {
    /// The `kid` in each receipt's header: the RFC 7638 thumbprint of the public key.
    public let keyID: String
    private let privateKey: Curve25519.Signing.PrivateKey
    private let encodedHeader: String

    /// A signer for a 32-byte Ed25519 private key (its raw representation); throws for any other length.
    public init(privateKeyBytes: [UInt8]) throws {
        self.privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
        self.keyID = JSONWebKey(publicKey: privateKey.publicKey).thumbprint
        let header = #"{"alg":"EdDSA","kid":"\#(keyID)","typ":"accord-receipt+jwt"}"#
        self.encodedHeader = Base64URL.encode(Array(header.utf8))
    }

    /// A new random private key, 32 bytes, to be stored as the `receipt-signing-key` server secret.
    public static func generatePrivateKey() -> [UInt8] {
        Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// The public half as a JWK, for `/.well-known/jwks.json` and offline verification.
    public var publicKey: JSONWebKey { JSONWebKey(publicKey: privateKey.publicKey) }

    /// Ed25519 signatures are deterministic, so signing the same receipt twice yields the same token:
    /// an idempotent replay of a write answers with byte-identical receipts.
    public func sign(_ receipt: ConsentReceipt) throws -> String {
        let payload = Base64URL.encode(receipt.jsonBytes)
        let signingInput = "\(encodedHeader).\(payload)"
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return "\(signingInput).\(Base64URL.encode(signature))"
    }
}
