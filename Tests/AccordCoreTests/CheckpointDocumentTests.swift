import AccordCore
import Foundation
import Testing

@Suite struct CheckpointDocumentTests {
    let signer = try! ReceiptSigner(privateKeyBytes: Array(repeating: 3, count: 32))
    var keys: JSONWebKeySet { JSONWebKeySet(keys: [signer.publicKey]) }
    let time = Date(millisecondsSince1970: 1_790_000_000_123)

    func document(_ checkpoints: [Checkpoint]) throws -> Data {
        Data(CheckpointDocument.json(property: "demo", checkpoints: try checkpoints.map { try SignedCheckpoint(signing: $0, with: signer) }))
    }

    func problem(_ data: Data, keys: JSONWebKeySet? = nil) -> String? {
        do {
            _ = try CheckpointDocument.verifiedCheckpoints(in: data, keys: keys ?? self.keys)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func signedClaimsAreTheChainPositionHashAndTime() throws {
        let checkpoint = Checkpoint(chain: "demo/3", position: 12, hash: "ab", time: time)
        #expect(
            String(decoding: checkpoint.jsonBytes, as: UTF8.self)
                == #"{"chain":"demo/3","hash":"ab","position":12,"time":"2026-09-21T14:13:20.123Z"}"#)
        let signed = try SignedCheckpoint(signing: checkpoint, with: signer)
        let header = try JSONSerialization.jsonObject(with: Data(Base64URL.decode(signed.token.split(separator: ".")[0])!)) as? [String: String]
        #expect(header == ["alg": "EdDSA", "kid": signer.keyID, "typ": "accord-checkpoint+jwt"])
    }

    @Test func aServedDocumentReadsBackToItsCheckpoints() throws {
        let checkpoints = [
            Checkpoint(chain: "config/demo", position: 2, hash: "c", time: time), Checkpoint(chain: "demo/1", position: 5, hash: "d", time: time),
        ]
        #expect(try CheckpointDocument.verifiedCheckpoints(in: try document(checkpoints), keys: keys) == checkpoints)
    }

    @Test func chainsAreAttributedToTheirProperty() {
        #expect(Checkpoint.property(ofChain: "demo/15") == "demo")
        #expect(Checkpoint.property(ofChain: "config/my-shop") == "my-shop")
    }

    @Test func aFileThatIsNoCheckpointDocumentIsRefusedClearly() throws {
        #expect(problem(Data("hello".utf8))?.hasPrefix("not a checkpoint file") == true)
        #expect(problem(Data(#"{"checkpoints":[]}"#.utf8)) == "the checkpoint file holds no checkpoints")
        #expect(problem(Data(#"{"checkpoints":[{"chain":"demo/1"}]}"#.utf8)) == "checkpoint 1: has no jws")
        #expect(problem(Data(#"{"checkpoints":[{"jws":"a.b"}]}"#.utf8)) == "checkpoint 1: jws is malformed: expected three dot-separated parts")
    }

    @Test func anEditedOrForeignCheckpointIsRefused() throws {
        let data = try document([Checkpoint(chain: "demo/1", position: 5, hash: "d", time: time)])
        let text = String(decoding: data, as: UTF8.self)
        // The clear fields edited: the signature still holds, but the file no longer says what was signed.
        #expect(
            problem(Data(text.replacingOccurrences(of: #""position":5"#, with: #""position":4"#).utf8))
                == "checkpoint 1: its fields differ from its signed claims")
        let other = try ReceiptSigner(privateKeyBytes: Array(repeating: 4, count: 32))
        #expect(problem(data, keys: JSONWebKeySet(keys: [other.publicKey]))?.hasPrefix("checkpoint 1: signed with unknown key") == true)
        // A receipt is signed by the same key but is no checkpoint.
        let receipt = try signer.sign(
            payload: Array(#"{"chain":"demo/1","hash":"d","position":5,"time":"2026-09-21T14:13:20.123Z"}"#.utf8), type: ReceiptSigner.receiptType)
        #expect(problem(Data(#"{"checkpoints":[{"jws":"\#(receipt)"}]}"#.utf8)) == "checkpoint 1: jws is not a checkpoint (typ accord-receipt+jwt)")
    }

    @Test func aChangedSignatureIsRefused() throws {
        let signed = try SignedCheckpoint(signing: Checkpoint(chain: "demo/1", position: 5, hash: "d", time: time), with: signer)
        var parts = signed.token.split(separator: ".").map(String.init)
        let forged = Checkpoint(chain: "demo/1", position: 5, hash: "e", time: time)
        parts[1] = Base64URL.encode(forged.jsonBytes)
        let data = Data(#"{"checkpoints":[{"jws":"\#(parts.joined(separator: "."))"}]}"#.utf8)
        #expect(problem(data) == "checkpoint 1: signature does not verify: it was changed or not signed by this key")
    }
}
