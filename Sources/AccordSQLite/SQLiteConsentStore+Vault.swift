import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// `SubjectVault`: one transaction; `INSERT OR IGNORE` keeps an existing entry.
    public func insertVaultEntries(_ entries: [VaultEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await guarded { try await pool.write { db in try Self.insertVaultEntries(entries, db: db) } }
    }

    /// The inserts of `insertVaultEntries`, inside the caller's transaction (also the append's, `VaultedConsentLog`).
    static func insertVaultEntries(_ entries: [VaultEntry], db: Database) throws {
        guard !entries.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO subject_vault
                    (property_id, subject_key, key_id, wrapped_key, identity, contact, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in entries {
            try statement.execute(arguments: [
                entry.property.rawValue, Data(entry.subject.bytes), Data(entry.keyID), Data(entry.wrappedKey),
                Data(entry.identity), entry.contact.map { Data($0) }, entry.createdAt.millisecondsSince1970,
                entry.updatedAt.millisecondsSince1970,
            ])
        }
    }

    /// The contact writes of a batch (`ContactFollowUp`), inside its transaction; answers the events whose entry
    /// no longer has the data key their contact is sealed under.
    static func writeContacts(_ writes: [ContactFollowUp], db: Database) throws -> Set<EventID> {
        guard !writes.isEmpty else { return [] }
        let statement = try db.cachedStatement(
            sql: """
                UPDATE subject_vault SET contact = ?, updated_at = ?
                WHERE property_id = ? AND subject_key = ? AND key_id = ?
                """)
        var missed = Set<EventID>()
        for write in writes {
            try statement.execute(arguments: [
                Data(write.contact), write.updatedAt.millisecondsSince1970, write.property.rawValue, Data(write.subject.bytes),
                Data(write.keyID),
            ])
            if db.changesCount != 1 { missed.insert(write.event) }
        }
        return missed
    }

    /// `SubjectVault`: the entry by primary key.
    public func vaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> VaultEntry? {
        try await guarded {
            try pool.unsafeRead { db in
                // Cached: every webhook and e-mail sent reads its subject's entry (compiling the statement each
                // time ran GRDB's authorizer and region bookkeeping, a tenth of a delivery's CPU).
                try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM subject_vault WHERE property_id = ? AND subject_key = ?"),
                    arguments: [property.rawValue, Data(subject.bytes)]
                ).map(Self.vaultEntry)
            }
        }
    }

    /// `SubjectVault`: replaces the contact while the data key is still `keyID`.
    public func replaceVaultContact(
        _ contact: [UInt8]?, of subject: SubjectKey, in property: PropertyID, keyID: [UInt8], at time: Date
    ) async throws -> Bool {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE subject_vault SET contact = ?, updated_at = ?
                        WHERE property_id = ? AND subject_key = ? AND key_id = ?
                        """,
                    arguments: [
                        contact.map { Data($0) }, time.millisecondsSince1970, property.rawValue, Data(subject.bytes), Data(keyID),
                    ])
                return db.changesCount == 1
            }
        }
    }

    /// `SubjectVault`: deletes the entry (its bytes zeroed by `secure_delete`), then checkpoints the WAL so the
    /// log holds no older copy of the page either, when no reader is in the way.
    public func shredVaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> Bool {
        let removed = try await guarded {
            try await pool.write { db in
                try SQLiteOutbox.Counter.keep(property: property.rawValue, subject: Data(subject.bytes), db: db)
                try db.execute(
                    sql: "DELETE FROM subject_vault WHERE property_id = ? AND subject_key = ?",
                    arguments: [property.rawValue, Data(subject.bytes)])
                return db.changesCount == 1
            }
        }
        if removed {
            _ = try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return removed
    }

    static func vaultEntry(_ row: Row) throws -> VaultEntry {
        func bytes(_ name: String) throws -> [UInt8] { Array(try cell(row, "subject_vault", name) as Data) }
        guard let subject = SubjectKey(bytes: try bytes("subject_key")) else {
            throw StoreError.corrupt("subject_vault.subject_key is not 32 bytes")
        }
        let contact: Data? = try cell(row, "subject_vault", "contact")
        return VaultEntry(
            property: PropertyID(rawValue: try cell(row, "subject_vault", "property_id")), subject: subject,
            keyID: try bytes("key_id"), wrappedKey: try bytes("wrapped_key"), identity: try bytes("identity"),
            contact: contact.map(Array.init),
            createdAt: Date(millisecondsSince1970: try cell(row, "subject_vault", "created_at")),
            updatedAt: Date(millisecondsSince1970: try cell(row, "subject_vault", "updated_at")))
    }
}

/// The store is its own vault: a write's new vault entry is inserted in the write's transaction.
extension SQLiteConsentStore: VaultedConsentLog {}
