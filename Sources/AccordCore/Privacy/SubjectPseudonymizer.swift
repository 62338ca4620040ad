import Crypto

/// Turns clear subject identifiers into stored pseudonyms.
///
/// The property id is part of the message, so the same person on two properties gets unrelated keys:
/// one property's records cannot be joined with another's without the server secret.
///
/// Erased subjects (`ErasedSubjectSet`) are stepped past: when an identifier's pseudonym was erased, the identifier
/// gets the key of its next *generation*, an HMAC under a key derived for that generation, so a person who comes
/// back after erasure starts a new subject that nothing in the store links to the old one.
public struct SubjectPseudonymizer: Sendable {
    /// Subject identifiers longer than this are refused: they are ids, not documents.
    public static let maximumIdentifierBytes = 256

    /// The HMAC with the key already absorbed: its inner and outer hashes have taken in the padded key, so each
    /// pseudonym copies it (copy-on-write digest state) instead of deriving the pads again. `HMAC.init(key:)` per
    /// subject was 15 % of a check's server CPU time (`perf`, release build).
    private let keyed: HMAC<SHA256>
    private let secret: SymmetricKey
    /// The erased pseudonyms to step past; nil for none (tools and tests that erase nothing).
    public let erased: ErasedSubjectSet?

    /// `secret` is the server's `subject-hmac-key` (32 random bytes), used as the HMAC key; it must never change, or
    /// every stored subject becomes unreachable. `erased` names the pseudonyms a returning person must not get.
    public init(secret: [UInt8], erased: ErasedSubjectSet? = nil) {
        self.secret = SymmetricKey(data: secret)
        self.keyed = HMAC<SHA256>(key: self.secret)
        self.erased = erased
    }

    /// The pseudonym of `subject` as normalised by `SubjectIdentifier`, so equivalent spellings share it: the first
    /// generation's key, or the first of the later generations' keys that was not erased.
    public func key(for subject: String, in property: PropertyID) -> SubjectKey {
        let message = Self.message(subject, property)
        var mac = keyed
        mac.update(data: message)
        var key = SubjectKey(bytes: Array(mac.finalize()))!
        guard let erased else { return key }
        var generation = 0
        while erased.contains(key, in: property) {
            generation += 1
            key = self.key(message, generation: generation)
        }
        return key
    }

    /// The key of generation `generation` (1 and up): the same message under a key derived from the secret for that
    /// generation alone, so no generation's key says anything about another's.
    func key(_ message: [UInt8], generation: Int) -> SubjectKey {
        let derived = HMAC<SHA256>.authenticationCode(for: Array("accord subject generation \(generation)".utf8), using: secret)
        return SubjectKey(bytes: Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(derived)))))!
    }

    private static func message(_ subject: String, _ property: PropertyID) -> [UInt8] {
        var message = Array(property.rawValue.utf8)
        message.append(0)
        message.append(contentsOf: SubjectIdentifier.normalize(subject).utf8)
        return message
    }
}
