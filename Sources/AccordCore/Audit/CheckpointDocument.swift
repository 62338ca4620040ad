import Foundation

/// The body of `GET /v1/properties/{property}/checkpoints`, and reading it back, as saved by whoever fetched it,
/// for `accord audit verify --checkpoints`: only what the signatures vouch for is believed.
public enum CheckpointDocument {
    /// Why a saved checkpoint file cannot be used; `description` is one line for the operator.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong, naming the checkpoint (1-based) when one is at fault.
        public var description: String
    }

    /// `{"checkpoints":[{"chain","hash","jws","position","time"}…],"property"}`: each checkpoint's claims in clear
    /// for readers, and the compact JWS that signs them.
    public static func json(property: PropertyID, checkpoints: [SignedCheckpoint]) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + checkpoints.count * 400)
        json.beginObject()
        json.key("checkpoints")
        json.beginArray()
        for signed in checkpoints {
            let checkpoint = signed.checkpoint
            json.beginObject()
            json.field("chain", checkpoint.chain)
            json.field("hash", checkpoint.hash)
            json.field("jws", signed.token)
            json.key("position")
            json.integer(checkpoint.position)
            json.field("time", checkpoint.time.rfc3339)
            json.endObject()
        }
        json.endArray()
        json.field("property", property.rawValue)
        json.endObject()
        return json.bytes
    }

    private struct Body: Decodable {
        struct Entry: Decodable {
            var jws: String?
            var chain: String?
            var position: Int64?
            var hash: String?
        }
        var checkpoints: [Entry]
    }

    private struct Claims: Decodable {
        var chain: String
        var position: Int64
        var hash: String
        var time: String
    }

    /// The checkpoints of a saved document whose signatures verify with `keys`; throws at the first one that does
    /// not, or when the file is not such a document or holds none.
    public static func verifiedCheckpoints(in data: Data, keys: JSONWebKeySet) throws(Problem) -> [Checkpoint] {
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            throw Problem(description: "not a checkpoint file: expected the JSON body of GET /v1/properties/{property}/checkpoints")
        }
        guard !body.checkpoints.isEmpty else { throw Problem(description: "the checkpoint file holds no checkpoints") }
        var verified: [Checkpoint] = []
        for (index, entry) in body.checkpoints.enumerated() {
            func problem(_ text: String) -> Problem { Problem(description: "checkpoint \(index + 1): \(text)") }
            guard let token = entry.jws else { throw problem("has no jws") }
            let type: String?
            let payload: Data
            do throws(ReceiptVerifier.Failure) {
                (type, payload) = try ReceiptVerifier.verifiedPayload(token, keys: keys)
            } catch {
                switch error {
                case .badSignature: throw problem("signature does not verify: it was changed or not signed by this key")
                case .unknownKey(let kid): throw problem("signed with unknown key \(kid)")
                case .malformed(let reason): throw problem("jws is malformed: \(reason)")
                }
            }
            guard type == Checkpoint.tokenType else { throw problem("jws is not a checkpoint (typ \(type ?? "missing"))") }
            guard let claims = try? JSONDecoder().decode(Claims.self, from: payload), let time = Date(rfc3339: claims.time),
                claims.position > 0
            else { throw problem("jws payload is not a checkpoint") }
            let checkpoint = Checkpoint(chain: claims.chain, position: claims.position, hash: claims.hash, time: time)
            // The clear fields are for readers; a file whose clear fields were edited is refused, not silently corrected.
            if entry.chain.map({ $0 != checkpoint.chain }) ?? false || entry.position.map({ $0 != checkpoint.position }) ?? false
                || entry.hash.map({ $0 != checkpoint.hash }) ?? false
            {
                throw problem("its fields differ from its signed claims")
            }
            verified.append(checkpoint)
        }
        return verified
    }
}
