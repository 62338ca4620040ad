import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveFormDraft(_ draft: StoredFormDraft) async throws {
        let text = String(decoding: FormVersion.canonicalJSON(draft.draft), as: UTF8.self)
        try await guarded {
            try await pool.write { db in
                try Self.requireProperty(draft.property, db: db)
                try db.execute(
                    sql: """
                        INSERT INTO form_drafts (property_id, form_key, draft, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (property_id, form_key) DO UPDATE SET draft = excluded.draft,
                            updated_at = excluded.updated_at, updated_by = excluded.updated_by
                        """,
                    arguments: [
                        draft.property.rawValue, draft.form, text, draft.updatedAt.millisecondsSince1970, draft.updatedBy,
                    ])
            }
        }
    }

    public func formDraft(_ form: String, of property: PropertyID) async throws -> StoredFormDraft? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM form_drafts WHERE property_id = ? AND form_key = ?",
                    arguments: [property.rawValue, form]
                ).map(StoredFormDraft.init(row:))
            }
        }
    }

    public func saveFormVersion(_ version: FormVersion) async throws {
        let text = String(decoding: FormVersion.canonicalJSON(version.draft), as: UTF8.self)
        try await guarded {
            try await pool.write { db in
                try Self.requireProperty(version.property, db: db)
                try db.execute(
                    sql: """
                        INSERT INTO form_versions (property_id, form_key, version, draft, content_hash, published_at, published_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (property_id, form_key, version) DO NOTHING
                        """,
                    arguments: [
                        version.property.rawValue, version.form, version.version, text, version.contentHash,
                        version.publishedAt.millisecondsSince1970, version.publishedBy,
                    ])
                if db.changesCount == 0 { throw FormStoreError.versionExists(version.property, version.form, version.version) }
            }
        }
    }

    public func formVersion(_ version: Int, of form: String, in property: PropertyID) async throws -> FormVersion? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM form_versions WHERE property_id = ? AND form_key = ? AND version = ?",
                    arguments: [property.rawValue, form, version]
                ).map(FormVersion.init(row:))
            }
        }
    }

    public func latestFormVersion(of form: String, in property: PropertyID) async throws -> FormVersion? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM form_versions WHERE property_id = ? AND form_key = ? ORDER BY version DESC LIMIT 1",
                    arguments: [property.rawValue, form]
                ).map(FormVersion.init(row:))
            }
        }
    }

    public func forms(of property: PropertyID) async throws -> [FormSummary] {
        try await guarded {
            try pool.unsafeRead { db in
                let drafts = try Row.fetchAll(
                    db, sql: "SELECT * FROM form_drafts WHERE property_id = ?", arguments: [property.rawValue]
                ).map(StoredFormDraft.init(row:))
                let latest = try Row.fetchAll(
                    db, sql: "SELECT form_key, MAX(version) AS version FROM form_versions WHERE property_id = ? GROUP BY form_key",
                    arguments: [property.rawValue])
                var versions: [String: Int] = [:]
                for row in latest {
                    versions[try cell(row, "form_versions", "form_key")] = try cell(row, "form_versions", "version")
                }
                let byKey = Dictionary(drafts.map { ($0.form, $0) }) { first, _ in first }
                return Set(byKey.keys).union(versions.keys).sorted().map { key in
                    FormSummary(form: key, draft: byKey[key], latestVersion: versions[key])
                }
            }
        }
    }

    private static func requireProperty(_ property: PropertyID, db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM properties WHERE id = ?", arguments: [property.rawValue]) != nil
        else { throw StoreError.propertyNotFound(property) }
    }
}

extension StoredFormDraft {
    /// Reads a `form_drafts` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "form_drafts", name) }
        self.init(
            property: PropertyID(rawValue: try column("property_id")), form: try column("form_key"),
            draft: try FormVersion.draft(fromJSON: try column("draft")),
            updatedAt: Date(millisecondsSince1970: try column("updated_at")), updatedBy: try column("updated_by"))
    }
}

extension FormVersion {
    /// Reads a `form_versions` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "form_versions", name) }
        self.init(
            property: PropertyID(rawValue: try column("property_id")), form: try column("form_key"),
            version: try column("version"), draft: try FormVersion.draft(fromJSON: try column("draft")),
            contentHash: try column("content_hash"), publishedAt: Date(millisecondsSince1970: try column("published_at")),
            publishedBy: try column("published_by"))
    }
}

extension SQLiteConsentStore {
    public func saveFormEvidence(_ evidence: FormEvidence) async throws {
        try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO form_evidence (property_id, event_id, subject_key, form_ref, signed_at, sealed)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (property_id, event_id) DO NOTHING
                        """,
                    arguments: [
                        evidence.property.rawValue, evidence.event.rawValue, Data(evidence.subject.bytes), evidence.form.text,
                        evidence.signedAt.millisecondsSince1970, Data(evidence.sealed),
                    ])
            }
        }
    }

    public func formEvidence(of event: EventID, in property: PropertyID) async throws -> FormEvidence? {
        try await guarded {
            try pool.unsafeRead { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM form_evidence WHERE property_id = ? AND event_id = ?",
                        arguments: [property.rawValue, event.rawValue])
                else { return nil }
                func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "form_evidence", name) }
                let subjectBytes: Data = try column("subject_key")
                let formText: String = try column("form_ref")
                guard let subject = SubjectKey(bytes: Array(subjectBytes)), let form = FormReference(text: formText) else {
                    throw StoreError.corrupt("form_evidence row is not valid")
                }
                let sealed: Data = try column("sealed")
                return FormEvidence(
                    property: property, event: event, subject: subject, form: form,
                    signedAt: Date(millisecondsSince1970: try column("signed_at")), sealed: Array(sealed))
            }
        }
    }
}
