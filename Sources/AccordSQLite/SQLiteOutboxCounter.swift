import Foundation
import GRDB

extension SQLiteOutbox {
    /// A subject's message counter on SQLite: its last per-subject sequence number (`last`) and the `seq` of its
    /// last message (`last_seq`, the next message's `previous_seq`). Kept in the subject's vault row when it has
    /// one (`subject_vault.outbox_last`, `outbox_last_seq`): a consent write inserts that row in the same
    /// transaction, so the counter dirties no page of its own in the synced commit. Subjects without a vault row
    /// (visitor ids, messages about no subject, shredded subjects) keep it in `outbox_subject_sequences`.
    ///
    /// A subject's counter is the larger of the two places: a row of the table can outlive its use (a subject
    /// counted there before its vault row existed, or moved in by an import), and a larger value is always the
    /// later one (both only grow), so reading both never goes back.
    enum Counter {
        struct Value {
            var last: Int64?
            var lastSeq: Int64?
            /// Whether the subject has a vault row, where the next value is written.
            var vaulted: Bool
        }

        static func read(property: String, subject: Data, db: Database) throws -> Value {
            var value = Value(last: nil, lastSeq: nil, vaulted: false)
            if !subject.isEmpty,
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT outbox_last, outbox_last_seq FROM subject_vault WHERE property_id = ? AND subject_key = ?"),
                    arguments: [property, subject])
            {
                value = Value(last: try row.decode(Int64?.self, atIndex: 0), lastSeq: try row.decode(Int64?.self, atIndex: 1), vaulted: true)
            }
            if let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT last, last_seq FROM outbox_subject_sequences WHERE property_id = ? AND subject_key = ?"),
                arguments: [property, subject])
            {
                value.last = larger(value.last, try row.decode(Int64?.self, atIndex: 0))
                value.lastSeq = larger(value.lastSeq, try row.decode(Int64?.self, atIndex: 1))
            }
            return value
        }

        /// Advances the counter to a new message's numbers, where `read` said it lives.
        static func write(property: String, subject: Data, last: Int64, lastSeq: Int64, vaulted: Bool, db: Database) throws {
            if vaulted {
                try db.cachedStatement(
                    sql: "UPDATE subject_vault SET outbox_last = ?, outbox_last_seq = ? WHERE property_id = ? AND subject_key = ?"
                ).execute(arguments: [last, lastSeq, property, subject])
                if db.changesCount == 1 { return }
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_subject_sequences (property_id, subject_key, last, last_seq) VALUES (?, ?, ?, ?)
                    ON CONFLICT (property_id, subject_key) DO UPDATE SET last = excluded.last, last_seq = excluded.last_seq
                    """
            ).execute(arguments: [property, subject, last, lastSeq])
        }

        /// Before a vault row is deleted (shredding, erasure), in the same transaction: its counter into
        /// `outbox_subject_sequences`, so the subject's later messages still number after and link to its earlier
        /// ones (a queued message of an erased subject may still be pending).
        static func keep(property: String, subject: Data, db: Database) throws {
            try db.cachedStatement(
                sql: """
                    INSERT INTO outbox_subject_sequences (property_id, subject_key, last, last_seq)
                    SELECT property_id, subject_key, outbox_last, outbox_last_seq FROM subject_vault
                    WHERE property_id = ? AND subject_key = ? AND outbox_last IS NOT NULL
                    ON CONFLICT (property_id, subject_key) DO UPDATE SET
                        last = max(last, excluded.last),
                        last_seq = max(coalesce(last_seq, excluded.last_seq), coalesce(excluded.last_seq, last_seq))
                    """
            ).execute(arguments: [property, subject])
        }

        private static func larger(_ a: Int64?, _ b: Int64?) -> Int64? {
            guard let a else { return b }
            guard let b else { return a }
            return max(a, b)
        }
    }
}
