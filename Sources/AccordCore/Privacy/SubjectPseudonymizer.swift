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

    /// HMAC-SHA-256 (RFC 2104) with the key already absorbed, built from swift-crypto's `SHA256`: the inner hash has
    /// taken in the key XOR ipad and the outer hash the key XOR opad, so each pseudonym copies both states
    /// (copy-on-write digest contexts) instead of deriving the pads again, and feeds them through
    /// `update(bufferPointer:)`. `HMAC<SHA256>` gives the same bytes, but its `update(data:)` and `finalize()` go
    /// through generic `DataProtocol`/`ContiguousBytes` paths not specialised across the module boundary (their
    /// metadata look-ups and region walks were most of the pseudonym's cost beside the two SHA-256 compressions).
    private let inner: SHA256
    private let outer: SHA256
    private let secret: SymmetricKey
    /// The erased pseudonyms to step past; nil for none (tools and tests that erase nothing).
    public let erased: ErasedSubjectSet?

    /// `secret` is the server's `subject-hmac-key` (32 random bytes), used as the HMAC key; it must never change, or
    /// every stored subject becomes unreachable. `erased` names the pseudonyms a returning person must not get.
    public init(secret: [UInt8], erased: ErasedSubjectSet? = nil) {
        self.secret = SymmetricKey(data: secret)
        // RFC 2104: a key longer than the block is hashed first; the key is padded with zeros to the 64-byte block.
        var block = secret.count > SHA256.blockByteCount ? Array(SHA256.hash(data: secret)) : secret
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        var outer = SHA256()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
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

    /// `key(for:in:)` of each subject, in order. The erased set is asked once whether it holds anything (and to
    /// refresh itself when stale), not once per subject: with no erasure, a batch check's pseudonyms are the first
    /// generation's keys, as `key(for:in:)` gives them.
    public func keys(for subjects: [String], in property: PropertyID) -> [SubjectKey] {
        if let erased, !erased.isEmpty { return subjects.map { key(for: $0, in: property) } }
        return subjects.map { firstGenerationKey(SubjectIdentifier.normalize($0), property) }
    }

    /// The first generation's key of a normalised identifier: the message (`<property>\0<identifier>`) is put
    /// together in a stack buffer from the strings' UTF-8 and given to the keyed HMAC in one update, and the MAC is
    /// read straight into the key's bytes: no message array, no digest array copy per subject (the pseudonym was a
    /// fifth of a 500-subject check's server CPU), and the inner digest handed to the outer hash as a buffer.
    private func firstGenerationKey(_ identifier: String, _ property: PropertyID) -> SubjectKey {
        var innerHash = inner
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
                    innerHash.update(bufferPointer: UnsafeRawBufferPointer(message))
                }
            }
        }
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        let code = outerHash.finalize()
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
