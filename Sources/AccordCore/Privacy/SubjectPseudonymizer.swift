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
        var key = firstGenerationKey(SubjectIdentifier.normalize(subject), property)
        guard let erased, erased.contains(key, in: property) else { return key }
        let message = Self.message(subject, property)
        var generation = 0
        while erased.contains(key, in: property) {
            generation += 1
            key = self.key(message, generation: generation)
        }
        return key
    }

    /// The first generation's key of a normalised identifier: the message (`<property>\0<identifier>`) is put
    /// together in a stack buffer from the strings' UTF-8 and given to the keyed HMAC in one update, and the MAC is
    /// read straight into the key's bytes: no message array, no digest array copy per subject (the pseudonym was a
    /// fifth of a 500-subject check's server CPU), and one pass through `HMAC.update`'s generic `DataProtocol` path.
    private func firstGenerationKey(_ identifier: String, _ property: PropertyID) -> SubjectKey {
        var mac = keyed
        var propertyID = property.rawValue
        var text = identifier
        propertyID.withUTF8 { propertyBytes in
            text.withUTF8 { identifierBytes in
                let count = propertyBytes.count + 1 + identifierBytes.count
                withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { message in
                    message.copyMemory(from: UnsafeRawBufferPointer(propertyBytes))
                    message[propertyBytes.count] = 0
                    UnsafeMutableRawBufferPointer(rebasing: message[(propertyBytes.count + 1)...])
                        .copyMemory(from: UnsafeRawBufferPointer(identifierBytes))
                    mac.update(data: UnsafeRawBufferPointer(message))
                }
            }
        }
        let code = mac.finalize()
        let bytes = [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            count = code.withUnsafeBytes {
                UnsafeMutableRawBufferPointer(buffer).copyBytes(from: $0.prefix(32)); return $0.count
            }
        }
        return SubjectKey(bytes: bytes)!
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
