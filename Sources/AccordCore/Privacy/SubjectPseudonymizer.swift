import Crypto

/// Turns clear subject identifiers into stored pseudonyms.
///
/// The property id is part of the message, so the same person on two properties gets unrelated keys:
/// one property's records cannot be joined with another's without the server secret.
public struct SubjectPseudonymizer: Sendable {
    /// Subject identifiers longer than this are refused: they are ids, not documents.
    public static let maximumIdentifierBytes = 256

    /// The HMAC with the key already absorbed: its inner and outer hashes have taken in the padded key, so each
    /// pseudonym copies it (copy-on-write digest state) instead of deriving the pads again. `HMAC.init(key:)` per
    /// subject was 15 % of a check's server CPU time (`perf`, release build).
    private let keyed: HMAC<SHA256>

    /// `secret` is the server's `subject-hmac-key` (32 random bytes), used as the HMAC key; it must never change, or
    /// every stored subject becomes unreachable.
    public init(secret: [UInt8]) {
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The pseudonym of `subject` as normalised by `SubjectIdentifier`, so equivalent spellings share it.
    public func key(for subject: String, in property: PropertyID) -> SubjectKey {
        var message = Array(property.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: SubjectIdentifier.normalize(subject).utf8)
        var mac = keyed
        mac.update(data: message)
        return SubjectKey(bytes: Array(mac.finalize()))!
    }
}
