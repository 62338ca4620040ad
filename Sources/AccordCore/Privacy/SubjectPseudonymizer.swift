import Crypto

/// Turns clear subject identifiers into stored pseudonyms.
///
/// The property id is part of the message, so the same person on two properties gets unrelated keys:
/// one property's records cannot be joined with another's without the server secret.
public struct SubjectPseudonymizer: Sendable {
    /// Subject identifiers longer than this are refused: they are ids, not documents.
    public static let maximumIdentifierBytes = 256

    private let key: SymmetricKey

    /// `secret` is the server's `subject-hmac-key` (32 random bytes), used as the HMAC key; it must never change, or
    /// every stored subject becomes unreachable.
    public init(secret: [UInt8]) {
        self.key = SymmetricKey(data: secret)
    }

    /// The pseudonym of `subject` as normalised by `SubjectIdentifier`, so equivalent spellings share it.
    public func key(for subject: String, in property: PropertyID) -> SubjectKey {
        var message = Array(property.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: SubjectIdentifier.normalize(subject).utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
        return SubjectKey(bytes: Array(mac))!
    }
}
