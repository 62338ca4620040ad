import Foundation

/// Erasure of subjects from Accord's own data (issue 13 §6): what a completed deletion request does here. The
/// consent events stay (they are the evidence, and the chains must still verify), but nothing that links them to
/// the person does: the subject's current-state rows and cross-device links are removed and its vault entry is
/// destroyed with its data key (crypto-shredding), all in one transaction, and the pseudonym is kept as a
/// tombstone, so the state view is never refolded for it (`rebuildStates`), `StoreAudit` reports it as erased
/// rather than as a mismatch, and the pseudonymiser gives a returning person a new, unlinked key.
public protocol SubjectErasures: Sendable {
    /// Erases `subjects` of `property` at `time`, in one transaction: a tombstone for each (kept as it is when
    /// there is one), their state rows and link rows (as visitor or as subject) deleted, their vault entries
    /// deleted. Answers what was removed; erasing again removes nothing and counts no new subject.
    func eraseSubjects(_ subjects: [SubjectKey], in property: PropertyID, at time: Date) async throws -> SubjectErasureCounts
    /// The tombstones in the order they were written, after `cursor` (a tombstone's `sequence`), `limit` at most.
    func erasedSubjects(after cursor: Int64?, limit: Int) async throws -> [ErasedSubject]
}

/// A tombstone: this pseudonym was erased at `erasedAt`; its events stay, nothing else about it does.
public struct ErasedSubject: Hashable, Sendable {
    /// The property the subject belonged to.
    public var property: PropertyID
    /// The erased pseudonym (the keyed hash the events hold; no new information).
    public var subject: SubjectKey
    /// When it was erased.
    public var erasedAt: Date
    /// The tombstone's place in the order of erasures, for `erasedSubjects(after:limit:)`.
    public var sequence: Int64

    /// A tombstone from its stored parts.
    public init(property: PropertyID, subject: SubjectKey, erasedAt: Date, sequence: Int64) {
        self.property = property
        self.subject = subject
        self.erasedAt = erasedAt
        self.sequence = sequence
    }
}

/// What one erasure removed, counts only (never an identifier): what the request's audit entry records.
public struct SubjectErasureCounts: Hashable, Sendable, Codable {
    /// Pseudonyms erased by this call (those erased before are not counted again).
    public var subjects: Int
    /// Current-state rows deleted.
    public var stateRows: Int
    /// Vault entries deleted, their data keys with them.
    public var vaultEntries: Int
    /// Cross-device link rows deleted.
    public var links: Int

    /// Counts from their parts.
    public init(subjects: Int = 0, stateRows: Int = 0, vaultEntries: Int = 0, links: Int = 0) {
        self.subjects = subjects
        self.stateRows = stateRows
        self.vaultEntries = vaultEntries
        self.links = links
    }
}
