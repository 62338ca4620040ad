/// The outbox tables (migration `2026-11-30-outbox`): messages, one delivery row per destination, and the
/// attempt log. Times are milliseconds since 1970; a message about no subject has an empty `subject_key`.
enum SQLiteOutboxSchema {
    static let outbox = """
        CREATE TABLE outbox_messages (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            type TEXT NOT NULL,
            property_id TEXT NOT NULL,
            subject_key BLOB NOT NULL,
            payload BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_messages_created ON outbox_messages(created_at);

        CREATE TABLE outbox_deliveries (
            message_seq INTEGER NOT NULL REFERENCES outbox_messages(seq),
            destination TEXT NOT NULL,
            channel TEXT NOT NULL,
            subject_key BLOB NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            next_attempt_at INTEGER NOT NULL,
            last_status INTEGER,
            last_error TEXT,
            first_attempt_at INTEGER,
            lease_token TEXT,
            lease_until INTEGER,
            PRIMARY KEY (message_seq, destination)
        ) WITHOUT ROWID;
        CREATE INDEX outbox_deliveries_due ON outbox_deliveries(channel, next_attempt_at) WHERE status = 'pending';
        CREATE INDEX outbox_deliveries_line ON outbox_deliveries(destination, subject_key, message_seq)
            WHERE status = 'pending';
        CREATE INDEX outbox_deliveries_destination ON outbox_deliveries(destination, message_seq);

        CREATE TABLE outbox_attempts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_seq INTEGER NOT NULL REFERENCES outbox_messages(seq),
            destination TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number > 0),
            at INTEGER NOT NULL,
            status_code INTEGER,
            error TEXT,
            latency_ms INTEGER NOT NULL,
            next_attempt_at INTEGER
        );
        CREATE INDEX outbox_attempts_destination ON outbox_attempts(destination, seq);
        """

    /// A property's webhook endpoints (migration `2026-11-30-webhook-endpoints`); `events` is a JSON array of
    /// type names, the secrets are stored as given (wrapped by the root key when there is one).
    static let webhookEndpoints = """
        CREATE TABLE webhook_endpoints (
            id TEXT PRIMARY KEY NOT NULL,
            property_id TEXT NOT NULL,
            url TEXT NOT NULL,
            events TEXT NOT NULL CHECK (json_valid(events)),
            description TEXT,
            status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'failing', 'disabled')),
            secret BLOB NOT NULL,
            previous_secret BLOB,
            previous_secret_expires_at INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX webhook_endpoints_property ON webhook_endpoints(property_id, id);
        """

    /// An endpoint's pending deliveries in message order (migration `2026-11-30-outbox-pending-line`), for a
    /// worker's claim to look at the oldest few first (`SQLiteOutbox.claim`).
    static let pendingLine = """
        CREATE INDEX outbox_deliveries_pending ON outbox_deliveries(destination, message_seq) WHERE status = 'pending';
        """

    /// Per-subject message numbers (migration `2026-11-30-outbox-subject-sequences`, `SubjectSequence`): the last
    /// number per property and subject (empty for messages about no subject), and each message's own.
    static let subjectSequences = """
        CREATE TABLE outbox_subject_sequences (
            property_id TEXT NOT NULL,
            subject_key BLOB NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (property_id, subject_key)
        ) WITHOUT ROWID;
        ALTER TABLE outbox_messages ADD COLUMN subject_seq INTEGER NOT NULL DEFAULT 0;
        """

    /// Each message's link to the previous message about the same property and subject (migration
    /// `2026-12-01-outbox-previous-message`), replacing the index of pending deliveries by subject
    /// (`outbox_deliveries_line`): a claim follows the links back to see whether an earlier delivery to the same
    /// destination is pending (`SQLiteOutbox.blocked`), so a new message no longer inserts into an index keyed by
    /// a random pseudonym (one more page in every synced commit). The subject's counter row, written with every
    /// message anyway, keeps the latest message's `seq`.
    static let previousMessage = """
        ALTER TABLE outbox_messages ADD COLUMN previous_seq INTEGER;
        ALTER TABLE outbox_subject_sequences ADD COLUMN last_seq INTEGER;
        \(linkPrevious(messages: "1", subjects: "1"))
        DROP INDEX outbox_deliveries_line;
        """

    /// Sets `previous_seq` of the messages `messages` selects and `last_seq` of the subject counters `subjects`
    /// selects from the stored messages (the migration, and an import of undelivered messages), through a
    /// temporary index.
    static func linkPrevious(messages: String, subjects: String) -> String {
        """
        CREATE INDEX outbox_messages_subject_link ON outbox_messages(property_id, subject_key, seq);
        UPDATE outbox_messages SET previous_seq = (
            SELECT max(p.seq) FROM outbox_messages p
            WHERE p.property_id = outbox_messages.property_id AND p.subject_key = outbox_messages.subject_key
                AND p.seq < outbox_messages.seq)
        WHERE \(messages);
        UPDATE outbox_subject_sequences SET last_seq = (
            SELECT max(m.seq) FROM outbox_messages m
            WHERE m.property_id = outbox_subject_sequences.property_id AND m.subject_key = outbox_subject_sequences.subject_key)
        WHERE \(subjects);
        DROP INDEX outbox_messages_subject_link;
        """
    }
}

extension SQLiteOutboxSchema {
    /// The subject's counter in its vault row (migration `2026-12-01-outbox-counter-in-vault`): a consent write
    /// inserts the subject's vault row in the same transaction as its messages, so keeping `last` and `last_seq`
    /// there dirties no page of its own; `outbox_subject_sequences` (keyed by the pseudonym, one random page per
    /// message in every synced commit) keeps the counters of subjects without a vault row (visitor ids, messages
    /// about no subject) and of shredded ones (`SQLiteOutbox.Counter`). Stored counters of subjects with a vault
    /// row move into it, so the table keeps only the others.
    static let counterInVault = """
        ALTER TABLE subject_vault ADD COLUMN outbox_last INTEGER;
        ALTER TABLE subject_vault ADD COLUMN outbox_last_seq INTEGER;
        UPDATE subject_vault SET (outbox_last, outbox_last_seq) = (
            SELECT s.last, s.last_seq FROM outbox_subject_sequences s
            WHERE s.property_id = subject_vault.property_id AND s.subject_key = subject_vault.subject_key);
        DELETE FROM outbox_subject_sequences WHERE EXISTS (
            SELECT 1 FROM subject_vault v
            WHERE v.property_id = outbox_subject_sequences.property_id AND v.subject_key = outbox_subject_sequences.subject_key);
        """
}
