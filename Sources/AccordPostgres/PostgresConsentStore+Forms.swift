import AccordCore
import Foundation
import Logging
import PostgresNIO

extension PostgresConsentStore {
    public func saveFormDraft(_ draft: StoredFormDraft) async throws {
        let text = String(decoding: FormVersion.canonicalJSON(draft.draft), as: UTF8.self)
        try await guarded {
            try await self.transaction { connection in
                try await Self.requireProperty(draft.property, on: connection, logger: self.logger)
                try await connection.query(
                    """
                    INSERT INTO form_drafts (property_id, form_key, draft, updated_at, updated_by)
                    VALUES (\(draft.property.rawValue), \(draft.form), \(text), \(draft.updatedAt.millisecondsSince1970),
                        \(draft.updatedBy))
                    ON CONFLICT (property_id, form_key) DO UPDATE SET draft = excluded.draft,
                        updated_at = excluded.updated_at, updated_by = excluded.updated_by
                    """,
                    logger: self.logger)
            }
        }
    }

    public func formDraft(_ form: String, of property: PropertyID) async throws -> StoredFormDraft? {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT draft, updated_at, updated_by FROM form_drafts
                WHERE property_id = \(property.rawValue) AND form_key = \(form)
                """,
                logger: self.logger)
            for try await (text, updatedAt, updatedBy) in rows.decode((String, Int64, String).self) {
                return StoredFormDraft(
                    property: property, form: form, draft: try FormVersion.draft(fromJSON: text),
                    updatedAt: Date(millisecondsSince1970: updatedAt), updatedBy: updatedBy)
            }
            return nil
        }
    }

    public func saveFormVersion(_ version: FormVersion) async throws {
        let text = String(decoding: FormVersion.canonicalJSON(version.draft), as: UTF8.self)
        try await guarded {
            try await self.transaction { connection in
                try await Self.requireProperty(version.property, on: connection, logger: self.logger)
                let inserted = try await connection.query(
                    """
                    INSERT INTO form_versions (property_id, form_key, version, draft, content_hash, published_at, published_by)
                    VALUES (\(version.property.rawValue), \(version.form), \(version.version), \(text), \(version.contentHash),
                        \(version.publishedAt.millisecondsSince1970), \(version.publishedBy))
                    ON CONFLICT (property_id, form_key, version) DO NOTHING
                    RETURNING 1
                    """,
                    logger: self.logger
                ).collect()
                if inserted.isEmpty { throw FormStoreError.versionExists(version.property, version.form, version.version) }
            }
        }
    }

    public func formVersion(_ version: Int, of form: String, in property: PropertyID) async throws -> FormVersion? {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT version, draft, content_hash, published_at, published_by FROM form_versions
                WHERE property_id = \(property.rawValue) AND form_key = \(form) AND version = \(version)
                """,
                logger: self.logger)
            return try await Self.firstVersion(rows, property: property, form: form)
        }
    }

    public func latestFormVersion(of form: String, in property: PropertyID) async throws -> FormVersion? {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT version, draft, content_hash, published_at, published_by FROM form_versions
                WHERE property_id = \(property.rawValue) AND form_key = \(form) ORDER BY version DESC LIMIT 1
                """,
                logger: self.logger)
            return try await Self.firstVersion(rows, property: property, form: form)
        }
    }

    public func forms(of property: PropertyID) async throws -> [FormSummary] {
        try await guarded {
            var drafts: [String: StoredFormDraft] = [:]
            let draftRows = try await self.client.query(
                "SELECT form_key, draft, updated_at, updated_by FROM form_drafts WHERE property_id = \(property.rawValue)",
                logger: self.logger)
            for try await (key, text, updatedAt, updatedBy) in draftRows.decode((String, String, Int64, String).self) {
                drafts[key] = StoredFormDraft(
                    property: property, form: key, draft: try FormVersion.draft(fromJSON: text),
                    updatedAt: Date(millisecondsSince1970: updatedAt), updatedBy: updatedBy)
            }
            var versions: [String: Int] = [:]
            let versionRows = try await self.client.query(
                "SELECT form_key, MAX(version) FROM form_versions WHERE property_id = \(property.rawValue) GROUP BY form_key",
                logger: self.logger)
            for try await (key, version) in versionRows.decode((String, Int).self) { versions[key] = version }
            return Set(drafts.keys).union(versions.keys).sorted().map { key in
                FormSummary(form: key, draft: drafts[key], latestVersion: versions[key])
            }
        }
    }

    private static func firstVersion(_ rows: PostgresRowSequence, property: PropertyID, form: String) async throws -> FormVersion? {
        for try await (version, text, hash, publishedAt, publishedBy) in rows.decode((Int, String, String, Int64, String).self) {
            return FormVersion(
                property: property, form: form, version: version, draft: try FormVersion.draft(fromJSON: text),
                contentHash: hash, publishedAt: Date(millisecondsSince1970: publishedAt), publishedBy: publishedBy)
        }
        return nil
    }

    private static func requireProperty(_ property: PropertyID, on connection: PostgresConnection, logger: Logger) async throws {
        let known = try await connection.query("SELECT 1 FROM properties WHERE id = \(property.rawValue)", logger: logger).collect()
        guard !known.isEmpty else { throw StoreError.propertyNotFound(property) }
    }
}

extension PostgresConsentStore {
    public func saveFormEvidence(_ evidence: FormEvidence) async throws {
        let subject = ByteBuffer(bytes: evidence.subject.bytes)
        let sealed = ByteBuffer(bytes: evidence.sealed)
        try await guarded {
            try await self.client.query(
                """
                INSERT INTO form_evidence (property_id, event_id, subject_key, form_ref, signed_at, sealed)
                VALUES (\(evidence.property.rawValue), \(evidence.event.rawValue), \(subject),
                    \(evidence.form.text), \(evidence.signedAt.millisecondsSince1970), \(sealed))
                ON CONFLICT (property_id, event_id) DO NOTHING
                """,
                logger: self.logger)
        }
    }

    public func formEvidence(of event: EventID, in property: PropertyID) async throws -> FormEvidence? {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT subject_key, form_ref, signed_at, sealed FROM form_evidence
                WHERE property_id = \(property.rawValue) AND event_id = \(event.rawValue)
                """,
                logger: self.logger)
            for try await (subjectBytes, formText, signedAt, sealed) in rows.decode((ByteBuffer, String, Int64, ByteBuffer).self) {
                guard let subject = SubjectKey(bytes: Array(subjectBytes.readableBytesView)), let form = FormReference(text: formText) else {
                    throw StoreError.corrupt("form_evidence row is not valid")
                }
                return FormEvidence(
                    property: property, event: event, subject: subject, form: form,
                    signedAt: Date(millisecondsSince1970: signedAt), sealed: Array(sealed.readableBytesView))
            }
            return nil
        }
    }
}
