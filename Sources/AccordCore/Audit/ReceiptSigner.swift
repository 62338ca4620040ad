import Crypto
import Foundation

/// Signs consent receipts as compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037).
public struct ReceiptSigner: Sendable {
    /// The `kid` in each receipt's header: the RFC 7638 thumbprint of the public key.
    public let keyID: String
    private let privateKey: Curve25519.Signing.PrivateKey
    /// The receipt header, encoded once: receipts are signed on every consent write.
    private let receiptHeader: String

    /// A signer for a 32-byte Ed25519 private key (its raw representation); throws for any other length.
    public init(privateKeyBytes: [UInt8]) throws {
        self.privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKeyBytes)
        self.keyID = JSONWebKey(publicKey: privateKey.publicKey).thumbprint
        self.receiptHeader = Self.encodedHeader(keyID: keyID, type: Self.receiptType)
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
        try sign(payload: receipt.jsonBytes, encodedHeader: receiptHeader)
    }

    /// The `typ` of a consent receipt's header.
    public static let receiptType = "accord-receipt+jwt"

    /// Signs any JSON payload as a compact JWS whose header names `type` as its `typ`, so a token made for one
    /// purpose (a receipt, a checkpoint) cannot pass for another.
    public func sign(payload: [UInt8], type: String) throws -> String {
        try sign(payload: payload, encodedHeader: Self.encodedHeader(keyID: keyID, type: type))
    }

    private func sign(payload: [UInt8], encodedHeader: String) throws -> String {
        let signingInput = "\(encodedHeader).\(Base64URL.encode(payload))"
        let signature = try privateKey.signature(for: Array(signingInput.utf8))
        return "\(signingInput).\(Base64URL.encode(signature))"
    }

    private static func encodedHeader(keyID: String, type: String) -> String {
        Base64URL.encode(Array(#"{"alg":"EdDSA","kid":"\#(keyID)","typ":"\#(type)"}"#.utf8))
    }
}
