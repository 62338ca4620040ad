import Crypto
import Foundation

/// An under-age person's submission waiting for their parent's or guardian's confirmation. Nothing is recorded
/// until they confirm (the chain holds only consents that stand), so the submission travels in the e-mailed link
/// itself, sealed: `GuardianLinkSealer`. Clear identifiers stay in the subject vault: the link names the young
/// person by their keyed hash (their vault entry holds the clear id) and their address for a copy by `copyKey`.
public struct PendingGuardianSubmission: Hashable, Sendable, Codable {
    public var form: String
    public var version: Int
    /// The under-age person's subject key (hex): a reference to their vault entry, which holds the clear id.
    public var subjectKey: String
    public var answers: [String: FormAnswer]
    public var region: String?
    public var locale: String?
    /// The guardian's name as the submission gave it (their address stays in the vault).
    public var guardianName: String
    /// Whether the under-age person gave an address for a copy: it waits in the vault entry of `copyKey`.
    public var copy: Bool
    /// Random: the confirmation's idempotency key, so one link records one event however often it is followed.
    public var nonce: String
    public var expires: Date
    /// Who submitted it: an API key's prefix, or nil for a browser (then `origin`).
    public var keyPrefix: String?
    /// The origin of a browser's submission.
    public var origin: String?

    /// A pending submission from its parts.
    public init(
        form: String, version: Int, subjectKey: SubjectKey, answers: [String: FormAnswer], region: String?, locale: String?,
        guardianName: String, copy: Bool, nonce: String, expires: Date
    ) {
        self.form = form
        self.version = version
        self.subjectKey = subjectKey.hex
        self.answers = answers
        self.region = region
        self.locale = locale
        self.guardianName = guardianName
        self.copy = copy
        self.nonce = nonce
        self.expires = Date(timeIntervalSince1970: expires.timeIntervalSince1970.rounded(.down))
    }
}

extension PendingGuardianSubmission {
    /// The clear id whose vault entry holds the young person's address for a copy until the guardian confirms:
    /// one per link (its nonce), shredded once the copy's address is sealed into the consent's evidence.
    public var copyHolder: String { "guardian-copy:" + nonce }
}

/// Seals pending submissions into the guardian's link with AES-256-GCM under a key derived from the link secret,
/// the property as associated data: it cannot be read, forged, altered or used on another property.
public struct GuardianLinkSealer: Sendable {
    /// How long a guardian's link works.
    public static let lifetime: TimeInterval = 7 * 86_400

    private let key: SymmetricKey

    /// A sealer whose key is derived from the contact confirmations' key, for this use only.
    public init(_ confirmations: ContactConfirmationSealer) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: confirmations.key, info: Array("accord guardian confirmation v1".utf8), outputByteCount: 32)
    }

    /// The base64url token for `pending` on `property`.
    public func seal(_ pending: PendingGuardianSubmission, property: PropertyID) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let box = try AES.GCM.seal(try encoder.encode(pending), using: key, authenticating: Array(property.rawValue.utf8))
        guard let combined = box.combined else { throw PreferenceLinkSealer.LinkError.invalid }
        return Base64URL.encode(combined)
    }

    /// The pending submission; `.invalid` for anything this server did not seal for `property`, `.expired` after.
    public func open(_ token: String, property: PropertyID, now: Date) throws(PreferenceLinkSealer.LinkError)
        -> PendingGuardianSubmission
    {
        guard token.utf8.count <= 8192, let bytes = Base64URL.decode(token), let box = try? AES.GCM.SealedBox(combined: bytes),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Array(property.rawValue.utf8))
        else { throw .invalid }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let pending = try? decoder.decode(PendingGuardianSubmission.self, from: plain) else { throw .invalid }
        guard now < pending.expires else { throw .expired(pending.expires) }
        return pending
    }
}
