import Foundation

/// The subject vault as the rest of Accord uses it: remembers each subject's clear id when first seen on a write,
/// answers it back for webhooks and e-mail, keeps contact points, and crypto-shreds a subject on erasure.
public final class SubjectDirectory: Sendable {
    private struct Known: Hashable, Sendable {
        let property: PropertyID
        let subject: SubjectKey
    }

    private let vault: any SubjectVault
    private let cipher: SubjectVaultCipher
    private let batcher: VaultInsertBatcher
    /// Subjects known to have an entry, so a returning subject's write costs no vault round trip. Another
    /// instance's shredding is seen here once the entry expires from this cache.
    private let known = ExpiringCache<Known, Bool>(lifetime: .seconds(600), capacity: 100_000)

    /// A directory over `vault`, sealing with `cipher`.
    public init(vault: any SubjectVault, cipher: SubjectVaultCipher) {
        self.vault = vault
        self.cipher = cipher
        self.batcher = VaultInsertBatcher(vault: vault)
    }

    /// Records `clear` as the id behind `subject` unless the vault has it already (upsert-if-absent); called on
    /// each write just before its event is appended. Cheap for a subject seen before: a cache hit.
    public func remember(_ clear: String, as subject: SubjectKey, in property: PropertyID, at time: Date) async throws {
        let key = Known(property: property, subject: subject)
        if known.cached(key) != nil { return }
        try await batcher.insert(try cipher.entry(for: clear, subject: subject, in: property, at: time))
        known.store(true, for: key)
    }

    /// The entry to store with the subject's write (`GroupCommitter.submit(_:vaultEntry:)`), or nil when the subject
    /// is known to have one: what `remember` would insert, for a log that stores it in the event's transaction.
    /// Call `remembered(_:)` once the write is committed.
    public func entryToRemember(_ clear: String, as subject: SubjectKey, in property: PropertyID, at time: Date) throws
        -> VaultEntry?
    {
        if known.cached(Known(property: property, subject: subject)) != nil { return nil }
        return try cipher.entry(for: clear, subject: subject, in: property, at: time)
    }

    /// Notes that `entry`'s subject has an entry now (stored with its write), so its next write skips the vault.
    public func remembered(_ entry: VaultEntry) {
        known.store(true, for: Known(property: entry.property, subject: entry.subject))
    }

    /// The vault and cipher for an import, which makes its entries batch by batch (`ConsentImporter`).
    public var importVault: ImportVault { ImportVault(store: vault, cipher: cipher) }

    /// Whether this directory's vault is `log` itself, so a write's entry can go in the write's own transaction.
    public func isKept(by log: any ConsentLog) -> Bool {
        (vault as AnyObject) === (log as AnyObject)
    }

    /// The subject id as the integrator gave it, or nil when the vault has none (never written with one, or
    /// shredded) or cannot open it. What webhook payloads carry.
    public func clearSubject(_ subject: SubjectKey, in property: PropertyID) async throws -> String? {
        guard let entry = try await vault.vaultEntry(of: subject, in: property) else { return nil }
        return try? cipher.identity(of: entry)
    }

    /// The subject's contact points, confirmed or not; nil when there are none.
    public func contact(of subject: SubjectKey, in property: PropertyID) async throws -> SubjectContact? {
        guard let entry = try await vault.vaultEntry(of: subject, in: property) else { return nil }
        return try cipher.contact(of: entry)
    }

    /// Stores `email` as the subject's address: confirmed at once when `verifiedBy` says who vouched for it
    /// (`key <prefix>`), otherwise pending until the confirmation link is followed. A `phone` (E.164, see
    /// `PhoneNumber`) replaces the stored number; nil keeps it. Returns what was stored.
    @discardableResult
    public func setEmail(
        _ email: String, phone: String? = nil, of clear: String, as subject: SubjectKey, in property: PropertyID, verifiedBy: String?,
        at time: Date
    ) async throws -> SubjectContact {
        for _ in 0..<3 {
            let entry = try await ensuredEntry(clear, subject, property, time)
            let contact = Self.merged(
                try cipher.contact(of: entry), email: email, phone: phone, verifiedBy: verifiedBy, at: time)
            let sealed = try cipher.seal(contact: contact, for: entry)
            if try await vault.replaceVaultContact(sealed, of: subject, in: property, keyID: entry.keyID, at: time) {
                return contact
            }
            // Shredded and made anew between the read and the write: start again on the new entry.
            known.expire(Known(property: property, subject: subject))
        }
        throw StoreError.unavailable("the vault entry kept changing while the contact was saved")
    }

    /// A contact given with a write, sealed and ready to be stored in the write's own transaction
    /// (`ContactFollowUp`), with the subject's new vault entry when it has none yet.
    public struct PreparedContact: Sendable {
        /// The contact as it will be stored.
        public var contact: SubjectContact
        /// The subject's entry to store with the write, when the vault has none (the contact is sealed under its key).
        public var entry: VaultEntry?
        /// The subject's property.
        public var property: PropertyID
        /// The subject's keyed hash.
        public var subject: SubjectKey
        fileprivate var keyID: [UInt8]
        fileprivate var sealed: [UInt8]
        fileprivate var time: Date

        /// The vault write of the contact, as a consequence of `event` (stored only if it is recorded).
        public func followUp(for event: EventID) -> ContactFollowUp {
            ContactFollowUp(event: event, property: property, subject: subject, keyID: keyID, contact: sealed, updatedAt: time)
        }
    }

    /// `setEmail`'s contact, prepared to be stored with the write that gives it rather than on its own, so the
    /// e-mails that write causes are never claimed before their address is stored.
    public func prepareEmail(
        _ email: String, phone: String? = nil, of clear: String, as subject: SubjectKey, in property: PropertyID, verifiedBy: String?,
        at time: Date
    ) async throws -> PreparedContact {
        let existing = try await vault.vaultEntry(of: subject, in: property)
        let entry = try existing ?? cipher.entry(for: clear, subject: subject, in: property, at: time)
        let contact = Self.merged(try cipher.contact(of: entry), email: email, phone: phone, verifiedBy: verifiedBy, at: time)
        return PreparedContact(
            contact: contact, entry: existing == nil ? entry : nil, property: property, subject: subject, keyID: entry.keyID,
            sealed: try cipher.seal(contact: contact, for: entry), time: time)
    }

    /// Whether the vault holds `prepared` as it was sealed: false when its write found the subject's data key
    /// changed (shredded, or made by another write first), and the caller must store the contact again.
    public func holds(_ prepared: PreparedContact) async throws -> Bool {
        guard let entry = try await vault.vaultEntry(of: prepared.subject, in: prepared.property) else { return false }
        return entry.keyID == prepared.keyID && entry.contact == prepared.sealed
    }

    /// Stores `prepared` on its own (for a log that is not the vault): its entry, then the contact.
    public func store(_ prepared: PreparedContact) async throws {
        if let entry = prepared.entry {
            try await vault.insertVaultEntries([entry])
            known.store(true, for: Known(property: entry.property, subject: entry.subject))
        }
        _ = try await vault.replaceVaultContact(
            prepared.sealed, of: prepared.subject, in: prepared.property, keyID: prepared.keyID, at: prepared.time)
    }

    /// `current` with `email` (and `phone`, when given) set: confirmed at once when `verifiedBy` vouches for it,
    /// still confirmed when it is the confirmed address already, otherwise pending.
    private static func merged(_ current: SubjectContact?, email: String, phone: String?, verifiedBy: String?, at time: Date)
        -> SubjectContact
    {
        var contact = current ?? SubjectContact(email: nil, confirmed: false)
        if let phone { contact.phone = phone }
        if contact.email != email || verifiedBy != nil {
            let keepConfirmed = contact.email == email && contact.confirmed
            contact.email = email
            contact.confirmed = keepConfirmed || verifiedBy != nil
            if verifiedBy != nil || !keepConfirmed {
                contact.verifiedBy = verifiedBy
                contact.confirmedAt = verifiedBy == nil ? nil : time.millisecondsSince1970
            }
        }
        return contact
    }

    /// Marks the address confirmed when it is still the one the link was issued for (`emailDigest`, SHA-256 of
    /// it); false when the subject is gone or the address changed since.
    public func confirmEmail(of subject: SubjectKey, in property: PropertyID, emailDigest: [UInt8], at time: Date) async throws
        -> Bool
    {
        guard let entry = try await vault.vaultEntry(of: subject, in: property),
            var contact = try cipher.contact(of: entry), let email = contact.email,
            SubjectContact.digest(of: email) == emailDigest
        else { return false }
        if contact.confirmed { return true }
        contact.confirmed = true
        contact.verifiedBy = "link"
        contact.confirmedAt = time.millisecondsSince1970
        return try await vault.replaceVaultContact(
            try cipher.seal(contact: contact, for: entry), of: subject, in: property, keyID: entry.keyID, at: time)
    }

    /// Crypto-shreds the subject: the data key is destroyed, so the clear id, the contact points and every copy
    /// sealed under the key (`sealCopy`) are unreadable from now on. True when there was an entry.
    @discardableResult
    public func shred(_ subject: SubjectKey, in property: PropertyID) async throws -> Bool {
        let removed = try await vault.shredVaultEntry(of: subject, in: property)
        known.expire(Known(property: property, subject: subject))
        return removed
    }

    /// `bytes` sealed under the subject's data key, for a copy kept elsewhere; nil when the vault has no entry.
    public func sealCopy(_ bytes: [UInt8], for subject: SubjectKey, in property: PropertyID) async throws -> [UInt8]? {
        guard let entry = try await vault.vaultEntry(of: subject, in: property) else { return nil }
        return try cipher.sealCopy(bytes, for: entry)
    }

    /// A copy made by `sealCopy`, opened; nil once the subject was shredded (the copy can never be read again).
    public func openCopy(_ sealed: [UInt8], for subject: SubjectKey, in property: PropertyID) async throws -> [UInt8]? {
        guard let entry = try await vault.vaultEntry(of: subject, in: property) else { return nil }
        return try? cipher.openCopy(sealed, with: entry)
    }

    private func ensuredEntry(_ clear: String, _ subject: SubjectKey, _ property: PropertyID, _ time: Date) async throws
        -> VaultEntry
    {
        if let entry = try await vault.vaultEntry(of: subject, in: property) { return entry }
        try await batcher.insert(try cipher.entry(for: clear, subject: subject, in: property, at: time))
        known.store(true, for: Known(property: property, subject: subject))
        guard let entry = try await vault.vaultEntry(of: subject, in: property) else {
            throw StoreError.unavailable("the vault entry was shredded while it was being made")
        }
        return entry
    }
}
