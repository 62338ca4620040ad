import Crypto
import Foundation

/// The vault's cryptography, pure: makes entries (a fresh AES-256 data key per subject, wrapped by the server's
/// vault key) and opens them. Every box is AES-GCM with the property, the subject key, the key id and what the
/// box holds as associated data, so no sealed value can be moved to another subject, property or field unnoticed.
public struct SubjectVaultCipher: Sendable {
    /// Why a sealed value does not open: another server key, another subject's box, or damage.
    public struct Unreadable: Error, Hashable, Sendable, CustomStringConvertible {
        /// What failed to open (`data key`, `identity`, `contact`, `copy`); never the value.
        public var what: String
        public var description: String { "the vault's \(what) does not open: another key, or damaged" }
    }

    private let serverKey: SymmetricKey

    /// `secret` is the stored `subject-vault-key` server secret; the wrapping key is derived from it for this use only.
    public init(secret: [UInt8]) {
        serverKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord subject vault v1".utf8), outputByteCount: 32)
    }

    /// A new entry for `clear`, the subject id as the integrator gave it, with a data key of its own.
    public func entry(for clear: String, subject: SubjectKey, in property: PropertyID, at time: Date) throws -> VaultEntry {
        let dataKey = SymmetricKey(size: .bits256)
        let keyID = Self.randomBytes(16)
        let raw = dataKey.withUnsafeBytes { Array($0) }
        let wrapped = try Self.seal(raw, key: serverKey, context: Self.context("data key", property, subject, keyID))
        let identity = try Self.seal(
            Array(clear.utf8), key: dataKey, context: Self.context("identity", property, subject, keyID))
        return VaultEntry(
            property: property, subject: subject, keyID: keyID, wrappedKey: wrapped, identity: identity, contact: nil,
            createdAt: time, updatedAt: time)
    }

    /// The clear subject id.
    public func identity(of entry: VaultEntry) throws -> String {
        let bytes = try Self.open(entry.identity, key: try dataKey(of: entry), context: context("identity", entry), what: "identity")
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Unreadable(what: "identity") }
        return text
    }

    /// The contact points, or nil when none were given.
    public func contact(of entry: VaultEntry) throws -> SubjectContact? {
        guard let sealed = entry.contact else { return nil }
        let bytes = try Self.open(sealed, key: try dataKey(of: entry), context: context("contact", entry), what: "contact")
        do {
            return try JSONDecoder().decode(SubjectContact.self, from: Data(bytes))
        } catch {
            throw Unreadable(what: "contact")
        }
    }

    /// `contact` sealed for `entry`, the value to store with `SubjectVault.replaceVaultContact`.
    public func seal(contact: SubjectContact, for entry: VaultEntry) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try Self.seal(Array(try encoder.encode(contact)), key: try dataKey(of: entry), context: context("contact", entry))
    }

    /// `bytes` sealed under the subject's data key, for a copy kept elsewhere (an outbox payload): the key id
    /// followed by the box. Once the entry is shredded, no key opens it.
    public func sealCopy(_ bytes: [UInt8], for entry: VaultEntry) throws -> [UInt8] {
        let box = try Self.seal(bytes, key: try dataKey(of: entry), context: context("copy", entry))
        return entry.keyID + box
    }

    /// A copy made by `sealCopy` for this entry, opened; `Unreadable` when it was sealed under another data key
    /// (the subject was shredded since) or altered.
    public func openCopy(_ sealed: [UInt8], with entry: VaultEntry) throws -> [UInt8] {
        guard sealed.count > 16, Array(sealed.prefix(16)) == entry.keyID else { throw Unreadable(what: "copy") }
        return try Self.open(Array(sealed.dropFirst(16)), key: try dataKey(of: entry), context: context("copy", entry), what: "copy")
    }

    private func dataKey(of entry: VaultEntry) throws -> SymmetricKey {
        let raw = try Self.open(
            entry.wrappedKey, key: serverKey, context: context("data key", entry), what: "data key")
        guard raw.count == 32 else { throw Unreadable(what: "data key") }
        return SymmetricKey(data: raw)
    }

    private func context(_ field: String, _ entry: VaultEntry) -> [UInt8] {
        Self.context(field, entry.property, entry.subject, entry.keyID)
    }

    private static func context(_ field: String, _ property: PropertyID, _ subject: SubjectKey, _ keyID: [UInt8]) -> [UInt8] {
        Array("accord-vault-v1|\(field)|\(property.rawValue)|\(subject.hex)|\(keyID.hexString)".utf8)
    }

    private static func seal(_ plaintext: [UInt8], key: SymmetricKey, context: [UInt8]) throws -> [UInt8] {
        guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: context).combined else {
            throw Unreadable(what: "box")
        }
        return Array(combined)
    }

    private static func open(_ sealed: [UInt8], key: SymmetricKey, context: [UInt8], what: String) throws(Unreadable) -> [UInt8] {
        guard let box = try? AES.GCM.SealedBox(combined: sealed), let plain = try? AES.GCM.open(box, using: key, authenticating: context)
        else { throw Unreadable(what: what) }
        return Array(plain)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }
}
