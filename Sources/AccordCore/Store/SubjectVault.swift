import Foundation

/// The subject vault's storage: per (property, subject key), the clear subject id and contact points sealed under
/// a data key of the subject's own, that key wrapped by the server's vault key. The store keeps opaque bytes only;
/// `SubjectVaultCipher` seals and opens them, and `SubjectDirectory` is what the rest of Accord uses.
///
/// Destroying an entry destroys its data key (crypto-shredding): every copy sealed under it, here or elsewhere
/// (outbox payloads), is unreadable from then on, while the consent events, which hold only the keyed hash, stay
/// and their chains still verify.
public protocol SubjectVault: Sendable {
    /// Stores each entry whose (property, subject) has none yet, in one transaction; existing entries are kept
    /// as they are (upsert-if-absent), so the first writer's data key wins and concurrent writers agree on it.
    func insertVaultEntries(_ entries: [VaultEntry]) async throws
    /// The subject's entry, or nil when there is none (never recorded, or shredded).
    func vaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> VaultEntry?
    /// Replaces the sealed contact points while the entry still has data key `keyID`; false when the entry is
    /// gone or was shredded and made anew meanwhile (so nothing is sealed under a key that no longer exists).
    func replaceVaultContact(
        _ contact: [UInt8]?, of subject: SubjectKey, in property: PropertyID, keyID: [UInt8], at time: Date
    ) async throws -> Bool
    /// Destroys the entry with its wrapped data key; true when there was one.
    func shredVaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> Bool
}

/// One subject's row in the vault, as stored: everything but the ids is ciphertext.
public struct VaultEntry: Hashable, Sendable {
    /// The property the subject belongs to.
    public var property: PropertyID
    /// The subject's keyed hash, the look-up key.
    public var subject: SubjectKey
    /// 16 random bytes naming the data key; copies sealed elsewhere carry it, so an entry made again after a
    /// shredding (with a new key) never opens them.
    public var keyID: [UInt8]
    /// The data key, sealed by the server's vault key.
    public var wrappedKey: [UInt8]
    /// The clear subject id, sealed by the data key.
    public var identity: [UInt8]
    /// The contact points (`SubjectContact` as JSON), sealed by the data key; nil until someone gives one.
    public var contact: [UInt8]?
    /// When the subject was first seen.
    public var createdAt: Date
    /// When the contact last changed (or `createdAt`).
    public var updatedAt: Date

    /// An entry from its stored parts.
    public init(
        property: PropertyID, subject: SubjectKey, keyID: [UInt8], wrappedKey: [UInt8], identity: [UInt8],
        contact: [UInt8]?, createdAt: Date, updatedAt: Date
    ) {
        self.property = property
        self.subject = subject
        self.keyID = keyID
        self.wrappedKey = wrappedKey
        self.identity = identity
        self.contact = contact
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A batch for group commit: the events, and the vault entries of subjects first seen with them, stored in the
/// same transaction.
public struct AppendBatch: Sendable {
    /// The events, appended as `ConsentLog.append` does.
    public var events: [ConsentEvent]
    /// Entries to store unless their subject has one (upsert-if-absent), as `SubjectVault.insertVaultEntries` does.
    public var vaultEntries: [VaultEntry]
    /// Messages written in the batch's transaction for the events it records anew (`FollowUp`).
    public var followUps: [FollowUp]
    /// Contact points written in the batch's transaction for the events it records anew (`ContactFollowUp`),
    /// after its vault entries and before its follow-ups.
    public var contacts: [ContactFollowUp]

    /// A batch of `events` with the vault entries of their new subjects, the follow-ups of its events and the
    /// contact points they give.
    public init(
        events: [ConsentEvent], vaultEntries: [VaultEntry] = [], followUps: [FollowUp] = [], contacts: [ContactFollowUp] = []
    ) {
        self.events = events
        self.vaultEntries = vaultEntries
        self.followUps = followUps
        self.contacts = contacts
    }
}

/// A consent log that is also the subject vault and stores a batch's new vault entries in the batch's own
/// transaction: a subject's clear id is durable exactly when its first event is, never before (a failed write
/// leaves nothing in the vault) and never after (a webhook for an acknowledged event can always name its subject).
/// It also saves a commit (and its fsync) per write of a new subject.
public protocol VaultedConsentLog: ConsentLog, SubjectVault {
    /// `ConsentLog.appendBatches` for batches with vault entries: each batch's entries, events and the follow-ups
    /// of the events it records in one transaction, `deliver` called with its results (or error) once it is committed.
    func appendVaultedBatches(
        next: @escaping @Sendable () -> AppendBatch?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws
}
