import Crypto
import Foundation

/// Checks a compact JWS receipt against a set of public keys, offline.
public enum ReceiptVerifier {
    /// Why a receipt was refused.
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not a compact JWS of an EdDSA-signed consent receipt; the reason says which part.
        case malformed(String)
        /// The header's `kid` names none of the given keys (`(none)` when the header has no `kid` and no key was given).
        case unknownKey(String)
        /// No candidate key verifies the signature: the token was changed, or not signed by these keys.
        case badSignature

        /// One line for people, starting `receipt`.
        public var description: String {
            switch self {
            case .malformed(let reason): "receipt is malformed: \(reason)"
            case .unknownKey(let kid): "receipt is signed with unknown key \(kid)"
            case .badSignature: "receipt signature does not verify: it was changed or not issued by this key"
            }
        }
    }

    private struct Header: Decodable {
        var alg: String
        var kid: String?
        var typ: String?
    }

    /// Returns the receipt's claims when the signature verifies with one of `keys`.
    public static func verify(_ token: String, keys: JSONWebKeySet) throws(Failure) -> ConsentReceipt {
        let (_, payload) = try verifiedPayload(token, keys: keys)
        guard let receipt = try? JSONDecoder().decode(ConsentReceipt.self, from: payload)
        else { throw .malformed("payload is not a consent receipt") }
        return receipt
    }

    /// The header's `typ` and the payload of any compact JWS signed with EdDSA by one of `keys`; checkpoints
    /// are verified through this too, with the same keys.
    static func verifiedPayload(_ token: String, keys: JSONWebKeySet) throws(Failure) -> (type: String?, payload: Data) {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("expected three dot-separated parts") }
        guard let headerBytes = Base64URL.decode(parts[0]).map({ Data($0) }),
            let header = try? JSONDecoder().decode(Header.self, from: headerBytes)
        else { throw .malformed("header is not base64url JSON") }
        guard header.alg == "EdDSA" else { throw .malformed("algorithm \(header.alg) is not EdDSA") }
        let candidates = keys.keys.filter { header.kid == nil || $0.kid == header.kid }
        guard !candidates.isEmpty else { throw .unknownKey(header.kid ?? "(none)") }
        guard let signature = Base64URL.decode(parts[2]) else { throw .badSignature }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let verified = candidates.contains { key in
            key.publicKey?.isValidSignature(signature, for: signingInput) ?? false
        }
        guard verified else { throw .badSignature }
        guard let payload = Base64URL.decode(parts[1]).map({ Data($0) }) else { throw .malformed("payload is not base64url") }
        return (header.typ, payload)
    }
}
