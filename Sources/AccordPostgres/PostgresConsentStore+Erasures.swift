import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// The tombstones of erased subjects (`SubjectErasures`), numbered in the order they were committed (erasures
    /// take the table's lock, so a reader resuming after a number never misses one committed later with a lower
    /// number). Migration `2026-11-30-subject-erasures`.
    static let subjectErasures: [String] = [
        """
        CREATE TABLE erased_subjects (
            seq bigserial PRIMARY KEY,
            property_id text NOT NULL,
            subject_key bytea NOT NULL CHECK (length(subject_key) = 32),
            erased_at bigint NOT NULL,
            UNIQUE (property_id, subject_key)
        )
        """
    ]

    /// `SubjectErasures`: tombstones, state rows, links and vault entries in one transaction. The vault's dead row
    /// versions stay in the table's pages until VACUUM; their data keys are wrapped by the server key.
    public func eraseSubjects(_ subjects: [SubjectKey], in property: PropertyID, at time: Date) async throws
        -> SubjectErasureCounts
    {
        let unique = Array(Set(subjects)).sorted { $0.hex < $1.hex }
        guard !unique.isEmpty else { return SubjectErasureCounts() }
        let millis = time.millisecondsSince1970
        return try await guarded {
            try await self.transaction { connection in
                try await connection.query("LOCK TABLE erased_subjects IN EXCLUSIVE MODE", logger: self.logger)
                var counts = SubjectErasureCounts()
                for subject in unique {
                    let key = ByteBuffer(bytes: subject.bytes)
                    counts.subjects += try await connection.query(
                        """
                        INSERT INTO erased_subjects (property_id, subject_key, erased_at) VALUES (\(property.rawValue), \(key), \(millis))
                        ON CONFLICT (property_id, subject_key) DO NOTHING RETURNING 1
                        """, logger: self.logger
                    ).collect().count
                    counts.stateRows += try await connection.query(
                        "DELETE FROM consent_state WHERE property_id = \(property.rawValue) AND subject_key = \(key) RETURNING 1",
                        logger: self.logger
                    ).collect().count
                    counts.links += try await connection.query(
                        """
                        DELETE FROM subject_links WHERE property_id = \(property.rawValue) AND (visitor_key = \(key) OR subject_key = \(key))
                        RETURNING 1
                        """, logger: self.logger
                    ).collect().count
                    counts.vaultEntries += try await connection.query(
                        "DELETE FROM subject_vault WHERE property_id = \(property.rawValue) AND subject_key = \(key) RETURNING 1",
                        logger: self.logger
                    ).collect().count
                }
                return counts
            }
        }
    }

    /// The batch without what names an erased pseudonym (`ErasureScreen`): the first statement of every append
    /// transaction. `FOR KEY SHARE` takes a ROW SHARE lock on `erased_subjects`, which an erasure's EXCLUSIVE lock
    /// excludes: a batch screened while an erasure is in flight waits for it and then reads its tombstones (the
    /// statement's snapshot is taken after its locks), and an erasure that starts after the screen waits for the
    /// batch to commit and then deletes what it wrote. Appends take only ROW SHARE, so they never wait on each other
    /// here; the cost is one index probe per subject, in one round trip per batch.
    static func screenErased(_ batch: AppendBatch, on connection: PostgresConnection, logger: Logger) async throws -> ErasureScreen {
        let subjects = ErasureScreen.subjects(of: batch)
        let rows = try await connection.query(
            """
            SELECT e.property_id, e.subject_key FROM erased_subjects AS e
            JOIN unnest(\(subjects.map(\.property.rawValue))::text[], \(subjects.map { ByteBuffer(bytes: $0.subject.bytes) })::bytea[])
                AS k(property_id, subject_key) ON e.property_id = k.property_id AND e.subject_key = k.subject_key
            FOR KEY SHARE OF e
            """,
            logger: logger)
        var found = Set<String>()
        for try await (property, key) in rows.decode((String, ByteBuffer).self) {
            found.insert(property + "#" + Array(buffer: key).hexString)
        }
        guard !found.isEmpty else { return ErasureScreen(batch, erased: []) }
        return ErasureScreen(batch, erased: Set(subjects.filter { found.contains($0.property.rawValue + "#" + $0.subject.hex) }))
    }

    /// `SubjectErasures`: by `seq`.
    public func erasedSubjects(after cursor: Int64?, limit: Int) async throws -> [ErasedSubject] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT seq, property_id, subject_key, erased_at FROM erased_subjects WHERE seq > \(cursor ?? 0) ORDER BY seq LIMIT \(limit)
                """,
                logger: self.logger)
            var found: [ErasedSubject] = []
            for try await (seq, property, key, erasedAt) in rows.decode((Int64, String, ByteBuffer, Int64).self) {
                guard let subject = SubjectKey(bytes: Array(buffer: key)) else {
                    throw StoreError.corrupt("erased_subjects.subject_key is not 32 bytes")
                }
                found.append(
                    ErasedSubject(
                        property: PropertyID(rawValue: property), subject: subject, erasedAt: Date(millisecondsSince1970: erasedAt),
                        sequence: seq))
            }
            return found
        }
    }
}
