import AccordCore
import Crypto
import Foundation
import Testing

@Suite struct ReceiptTests {
    /// RFC 8037 appendix A.1: the example Ed25519 private key.
    let rfcPrivateKey = Array(Base64URL.decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")!)

    func stored() -> StoredEvent {
        let time = Date(millisecondsSince1970: 1_790_000_000_123)
        let event = ConsentEvent(
            id: EventID(rawValue: "e1"), property: "demo", subject: SubjectKey(bytes: Array(repeating: 9, count: 32))!,
            choices: ["analytics": .granted], expiresAt: [:], regime: .optIn, policyVersion: 1, policyHash: "ph",
            source: .banner, recordedAt: time)
        return StoredEvent(event: event, sequence: 1, link: ChainLink(chain: "demo/9", position: 1, previousHash: "p", hash: "h"))
    }

    @Test func jwkThumbprintMatchesRFC8037() throws {
        let signer = try ReceiptSigner(privateKeyBytes: rfcPrivateKey)
        #expect(signer.publicKey.x == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        #expect(signer.keyID == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test func rfc8037SignatureVerifies() throws {
        // RFC 8037 appendix A.4: header {"alg":"EdDSA"}, payload "Example of Ed25519 signing".
        let token =
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
            + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        let parts = token.split(separator: ".")
        let key = try ReceiptSigner(privateKeyBytes: rfcPrivateKey).publicKey.publicKey!
        #expect(key.isValidSignature(Base64URL.decode(parts[2])!, for: Array("\(parts[0]).\(parts[1])".utf8)))
    }

    @Test func signedReceiptVerifiesAndCarriesTheEvent() throws {
        let signer = try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey())
        let token = try signer.sign(ConsentReceipt(issuer: "https://accord.test", stored: stored()))
        let receipt = try ReceiptVerifier.verify(token, keys: JSONWebKeySet(keys: [signer.publicKey]))
        #expect(receipt.jti == "e1")
        #expect(receipt.eventHash == "h")
        #expect(receipt.recordedAt == "2026-09-21T14:13:20.123Z")
        #expect(try signer.sign(ConsentReceipt(issuer: "https://accord.test", stored: stored())) == token)
    }

    @Test func anyChangedCharacterIsRejected() throws {
        let signer = try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey())
        let token = Array(try signer.sign(ConsentReceipt(issuer: "i", stored: stored())))
        let keys = JSONWebKeySet(keys: [signer.publicKey])
        for index in stride(from: 0, to: token.count, by: 1) where token[index] != "." {
            var changed = token
            changed[index] = token[index] == "A" ? "B" : "A"
            #expect(throws: ReceiptVerifier.Failure.self) { try ReceiptVerifier.verify(String(changed), keys: keys) }
        }
    }

    @Test func receiptFromAnotherKeyIsRejected() throws {
        let signer = try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey())
        let other = try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey())
        let token = try signer.sign(ConsentReceipt(issuer: "i", stored: stored()))
        #expect(throws: ReceiptVerifier.Failure.unknownKey(signer.keyID)) {
            try ReceiptVerifier.verify(token, keys: JSONWebKeySet(keys: [other.publicKey]))
        }
    }
}

@Suite struct EncodingTests {
    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 64, 255])
    func base64URLRoundTripsAndMatchesFoundation(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
        let encoded = Base64URL.encode(bytes)
        let foundation = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(encoded == foundation)
        #expect(Base64URL.decode(encoded) == bytes)
        let padded = encoded + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        #expect(Base64URL.decode(padded) == bytes)
    }

    @Test(arguments: ["A", "AB=C", "A+B/", "AB!C", "AR", "AAC"])
    func base64URLRefusesMalformedOrNonCanonicalText(_ text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func receiptPayloadEqualsSortedKeyJSONEncoding() throws {
        let receipt = ConsentReceipt(
            issuer: "https://accord.test/a\"b",
            stored: StoredEvent(
                event: ConsentEvent(
                    id: EventID(rawValue: "e"), property: "demo", subject: SubjectKey(bytes: Array(repeating: 1, count: 32))!,
                    choices: ["marketing": .denied, "analytics": .granted], expiresAt: [:], regime: .optIn, policyVersion: 3,
                    policyHash: "h", source: .api, recordedAt: Date(millisecondsSince1970: 1_790_000_000_001)),
                sequence: 1, link: ChainLink(chain: "c", position: 1, previousHash: "p", hash: "x")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(receipt.jsonBytes == Array(try encoder.encode(receipt)))
    }
}
