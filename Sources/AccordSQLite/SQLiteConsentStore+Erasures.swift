import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// The tombstones of erased subjects (`SubjectErasures`): one row per (property, pseudonym), numbered in the
    /// order they were written. Migration `2026-11-30-subject-erasures`.
    static let subjectErasures = """
        CREATE TABLE erased_subjects (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            property_id TEXT NOT NULL,
            subject_key BLOB NOT NULL CHECK (length(subject_key) = 32),
            erased_at INTEGER NOT NULL,
            UNIQUE (property_id, subject_key)
        );
        """

    /// `SubjectErasures`: tombstones, state rows, links and vault entries in one transaction; the vault's freed
    /// pages are zeroed (`secure_delete`) and the WAL checkpointed afterwards, as `shredVaultEntry` does.
    public func eraseSubjects(_ subjects: [SubjectKey], in property: PropertyID, at time: Date) async throws
        -> SubjectErasureCounts
    {
        let unique = Array(Set(subjects))
        guard !unique.isEmpty else { return SubjectErasureCounts() }
        let counts = try await guarded {
            try await pool.write { db in
                var counts = SubjectErasureCounts()
                for subject in unique {
                    let arguments: StatementArguments = [property.rawValue, Data(subject.bytes)]
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO erased_subjects (property_id, subject_key, erased_at) VALUES (?, ?, ?)",
                        arguments: [property.rawValue, Data(subject.bytes), time.millisecondsSince1970])
                    counts.subjects += db.changesCount
                    try db.execute(sql: "DELETE FROM consent_state WHERE property_id = ? AND subject_key = ?", arguments: arguments)
                    counts.stateRows += db.changesCount
                    try db.execute(
                        sql: "DELETE FROM subject_links WHERE property_id = ? AND (visitor_key = ? OR subject_key = ?)",
                        arguments: [property.rawValue, Data(subject.bytes), Data(subject.bytes)])
                    counts.links += db.changesCount
                    try SQLiteOutbox.Counter.keep(property: property.rawValue, subject: Data(subject.bytes), db: db)
                    try db.execute(sql: "DELETE FROM subject_vault WHERE property_id = ? AND subject_key = ?", arguments: arguments)
                    counts.vaultEntries += db.changesCount
                }
                return counts
            }
        }
        if counts.vaultEntries > 0 {
            _ = try? await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        return counts
    }

    /// A batch's vault entries and events, without those of erased pseudonyms (`ErasureScreen`), read in the
    /// batch's own write transaction: SQLite has one writer, so no erasure commits between the screen and the
    /// append. One cached index probe per subject of the batch.
    static func appendScreened(_ batch: AppendBatch, db: Database) throws -> [AppendResult] {
        let probe = try db.cachedStatement(sql: "SELECT 1 FROM erased_subjects WHERE property_id = ? AND subject_key = ?")
        var erased = Set<SubjectRef>()
        for subject in ErasureScreen.subjects(of: batch) {
            if try Bool.fetchOne(probe, arguments: [subject.property.rawValue, Data(subject.subject.bytes)]) != nil {
                erased.insert(subject)
            }
        }
        let screen = ErasureScreen(batch, erased: erased)
        try insertVaultEntries(screen.batch.vaultEntries, db: db)
        return screen.results(screen.batch.events.isEmpty ? [] : try appendAll(screen.batch.events, db: db))
    }

    /// `SubjectErasures`: by `seq`.
    public func erasedSubjects(after cursor: Int64?, limit: Int) async throws -> [ErasedSubject] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM erased_subjects WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [cursor ?? 0, limit]
                ).map { row in
                    guard let subject = SubjectKey(bytes: Array(try cell(row, "erased_subjects", "subject_key") as Data)) else {
                        throw StoreError.corrupt("erased_subjects.subject_key is not 32 bytes")
                    }
                    return ErasedSubject(
                        property: PropertyID(rawValue: try cell(row, "erased_subjects", "property_id")), subject: subject,
                        erasedAt: Date(millisecondsSince1970: try cell(row, "erased_subjects", "erased_at")),
                        sequence: try cell(row, "erased_subjects", "seq"))
                }
            }
        }
    }
}
