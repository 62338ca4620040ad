import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// `SubjectVault`: one statement for the whole batch (columns as arrays, bytes as hex), `ON CONFLICT DO
    /// NOTHING` keeping an existing entry; one round trip and one commit however many subjects are new.
    public func insertVaultEntries(_ entries: [VaultEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await guarded {
            try await self.client.withConnection { connection in
                try await Self.insertVaultEntries(entries, on: connection, logger: self.logger)
            }
        }
    }

    /// The statement of `insertVaultEntries` on `connection`, inside its transaction when it has one (the
    /// append's, `VaultedConsentLog`).
    static func insertVaultEntries(_ entries: [VaultEntry], on connection: PostgresConnection, logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        // In one order, so two transactions inserting the same new subjects never wait on each other in a cycle.
        let entries = entries.sorted { ($0.property.rawValue, $0.subject.hex) < ($1.property.rawValue, $1.subject.hex) }
        let properties = entries.map(\.property.rawValue)
        let subjects = entries.map(\.subject.hex)
        let keyIDs = entries.map(\.keyID.hexString)
        let wrapped = entries.map(\.wrappedKey.hexString)
        let identities = entries.map(\.identity.hexString)
        let contacts = entries.map { $0.contact?.hexString ?? "" }
        let created = entries.map(\.createdAt.millisecondsSince1970)
        let updated = entries.map(\.updatedAt.millisecondsSince1970)
        _ = try await connection.query(
            """
            INSERT INTO subject_vault (property_id, subject_key, key_id, wrapped_key, identity, contact, created_at, updated_at)
            SELECT p, decode(s, 'hex'), decode(k, 'hex'), decode(w, 'hex'), decode(i, 'hex'),
                decode(NULLIF(c, ''), 'hex'), ca, ua
            FROM unnest(\(properties)::text[], \(subjects)::text[], \(keyIDs)::text[], \(wrapped)::text[],
                \(identities)::text[], \(contacts)::text[], \(created)::bigint[], \(updated)::bigint[])
                AS t(p, s, k, w, i, c, ca, ua)
            ON CONFLICT (property_id, subject_key) DO NOTHING
            """,
            logger: logger
        ).collect()
    }

    /// `SubjectVault`: the entry by primary key.
    public func vaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> VaultEntry? {
        let key = ByteBuffer(bytes: subject.bytes)
        return try await guarded {
            let rows = try await self.client.query(
                """
                SELECT key_id, wrapped_key, identity, contact, created_at, updated_at FROM subject_vault
                WHERE property_id = \(property.rawValue) AND subject_key = \(key)
                """,
                logger: self.logger
            ).collect()
            guard let row = rows.first else { return nil }
            do {
                let (keyID, wrapped, identity, contact, created, updated) = try row.decode(
                    (ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer?, Int64, Int64).self)
                return VaultEntry(
                    property: property, subject: subject, keyID: Array(keyID.readableBytesView),
                    wrappedKey: Array(wrapped.readableBytesView), identity: Array(identity.readableBytesView),
                    contact: contact.map { Array($0.readableBytesView) }, createdAt: Date(millisecondsSince1970: created),
                    updatedAt: Date(millisecondsSince1970: updated))
            } catch {
                throw StoreError.corrupt("subject_vault row does not decode")
            }
        }
    }

    /// The contact writes of a batch (`ContactFollowUp`), inside its transaction; answers the events whose entry
    /// no longer has the data key their contact is sealed under.
    static func writeContacts(_ writes: [ContactFollowUp], on connection: PostgresConnection, logger: Logger) async throws
        -> Set<EventID>
    {
        var missed = Set<EventID>()
        for write in writes {
            let key = ByteBuffer(bytes: write.subject.bytes)
            let id = ByteBuffer(bytes: write.keyID)
            let sealed = ByteBuffer(bytes: write.contact)
            let rows = try await connection.query(
                """
                UPDATE subject_vault SET contact = \(sealed), updated_at = \(write.updatedAt.millisecondsSince1970)
                WHERE property_id = \(write.property.rawValue) AND subject_key = \(key) AND key_id = \(id) RETURNING 1
                """,
                logger: logger
            ).collect()
            if rows.count != 1 { missed.insert(write.event) }
        }
        return missed
    }

    /// `SubjectVault`: replaces the contact while the data key is still `keyID`.
    public func replaceVaultContact(
        _ contact: [UInt8]?, of subject: SubjectKey, in property: PropertyID, keyID: [UInt8], at time: Date
    ) async throws -> Bool {
        let key = ByteBuffer(bytes: subject.bytes)
        let id = ByteBuffer(bytes: keyID)
        let sealed = contact.map { ByteBuffer(bytes: $0) }
        return try await guarded {
            let rows = try await self.client.query(
                """
                UPDATE subject_vault SET contact = \(sealed), updated_at = \(time.millisecondsSince1970)
                WHERE property_id = \(property.rawValue) AND subject_key = \(key) AND key_id = \(id) RETURNING 1
                """,
                logger: self.logger
            ).collect()
            return rows.count == 1
        }
    }

    /// `SubjectVault`: deletes the entry. The dead row version stays in the table file until VACUUM reclaims it
    /// (autovacuum does, in time); the data key in it is wrapped by the server's vault key, itself
    /// wrapped by the root key when one is configured.
    public func shredVaultEntry(of subject: SubjectKey, in property: PropertyID) async throws -> Bool {
        let key = ByteBuffer(bytes: subject.bytes)
        return try await guarded {
            let rows = try await self.client.query(
                "DELETE FROM subject_vault WHERE property_id = \(property.rawValue) AND subject_key = \(key) RETURNING 1",
                logger: self.logger
            ).collect()
            return rows.count == 1
        }
    }
}

/// The store is its own vault: a write's new vault entry is inserted in the write's transaction.
extension PostgresConsentStore: VaultedConsentLog {}
