import Crypto
import Foundation

/// Signs consent receipts as compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037).
public struct ReceiptSigner: Sendable {
    public let keyID: String
    private let privateKey: Curve25519.Signing.PrivateKey
    private let encodedHeader: String

    public init(privateKeyBytes: [UInt8]) throws {
        self.privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
        self.keyID = JSONWebKey(publicKey: privateKey.publicKey).thumbprint
        let header = #"{"alg":"EdDSA","kid":"\#(keyID)","typ":"accord-receipt+jwt"}"#
        self.encodedHeader = Base64URL.encode(Array(header.utf8))
    }

    public static func generatePrivateKey() -> [UInt8] {
        Array(Curve25519.Signing.PrivateKey().rawRepresentation)
    }

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
