import Foundation
import Synchronization

/// The subject vault in memory: the in-memory store's, and for tests.
public final class InMemorySubjectVault: SubjectVault {
    private struct Key: Hashable {
        let property: PropertyID
        let subject: SubjectKey
    }

    private let entries = Mutex<[Key: VaultEntry]>([:])

    /// An empty vault.
    public init() {}

    /// `SubjectVault`: stores the entries whose subjects have none, under one lock.
    public func insertVaultEntries(_ batch: [VaultEntry]) async throws {
        entries.withLock { entries in
            for entry in batch where entries[Key(property: entry.property, subject: entry.subject)] == nil {
                entries[Key(property: entry.property, subject: entry.subject)] = entry
            }
        }
    }

    /// `SubjectVault`: the entry, or nil.
    public func vaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> VaultEntry? {
        entries.withLock { $0[Key(property: property, subject: subject)] }
    }

    /// `SubjectVault`: replaces the contact while the data key is still `keyID`.
    public func replaceVaultContact(
        _ contact: [UInt8]?, of subject: SubjectKey, in property: PropertyID, keyID: [UInt8], at time: Date
    ) async throws -> Bool {
        entries.withLock { entries in
            let key = Key(property: property, subject: subject)
            guard var entry = entries[key], entry.keyID == keyID else { return false }
            entry.contact = contact
            entry.updatedAt = time
            entries[key] = entry
            return true
        }
    }

    /// Writes each contact whose entry still has its data key (`ContactFollowUp`), under one lock; answers the
    /// events whose entry had another key or none.
    func replaceContacts(_ writes: [ContactFollowUp]) -> Set<EventID> {
        guard !writes.isEmpty else { return [] }
        return entries.withLock { entries in
            var missed = Set<EventID>()
            for write in writes {
                let key = Key(property: write.property, subject: write.subject)
                guard var entry = entries[key], entry.keyID == write.keyID else {
                    missed.insert(write.event)
                    continue
                }
                entry.contact = write.contact
                entry.updatedAt = write.updatedAt
                entries[key] = entry
            }
            return missed
        }
    }

    /// `SubjectVault`: forgets the entry and its data key.
    public func shredVaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> Bool {
        entries.withLock { $0.removeValue(forKey: Key(property: property, subject: subject)) != nil }
    }

    /// `StateTransfer`: the entries by property, then subject key bytes.
    public func vaultEntries(after cursor: VaultCursor?, limit: Int) -> [VaultEntry] {
        func order(_ entry: VaultEntry) -> (String, String) { (entry.property.rawValue, entry.subject.hex) }
        let all = entries.withLock { Array($0.values) }.sorted { order($0) < order($1) }
        guard let cursor else { return Array(all.prefix(limit)) }
        let after = (cursor.property.rawValue, cursor.subject.hex)
        return Array(all.lazy.filter { order($0) > after }.prefix(limit))
    }
}

extension InMemoryConsentStore {
    /// `SubjectVault`, kept by the store's own vault.
    public func insertVaultEntries(_ entries: [VaultEntry]) async throws {
        try await vault.insertVaultEntries(entries)
    }

    /// `SubjectVault`, kept by the store's own vault.
    public func vaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> VaultEntry? {
        try await vault.vaultEntry(of: subject, in: property)
    }

    /// `SubjectVault`, kept by the store's own vault.
    public func replaceVaultContact(
        _ contact: [UInt8]?, of subject: SubjectKey, in property: PropertyID, keyID: [UInt8], at time: Date
    ) async throws -> Bool {
        try await vault.replaceVaultContact(contact, of: subject, in: property, keyID: keyID, at: time)
    }

    /// `SubjectVault`, kept by the store's own vault.
    public func shredVaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> Bool {
        try await vault.shredVaultEntry(of: subject, in: property)
    }
}

extension InMemoryConsentStore: VaultedConsentLog {
    /// `VaultedConsentLog`: a batch's vault entries, then its events (no transaction to share in memory: the
    /// entries first, so nothing naming a subject can be sent before its clear id is kept).
    public func appendVaultedBatches(
        next: @escaping @Sendable () -> AppendBatch?,
        deliver: @escaping @Sendable (Result<[AppendResult], any Error>) -> Void
    ) async throws {
        while let batch = next() {
            do {
                try await vault.insertVaultEntries(contents.withLock { Self.screenErased(batch, in: $0) }.batch.vaultEntries)
                deliver(.success(try append(batch.events, followUps: batch)))
            } catch {
                deliver(.failure(error))
            }
        }
    }
}
