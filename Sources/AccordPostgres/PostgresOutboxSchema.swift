/// The outbox tables (migration `2026-11-30-outbox`): messages, one delivery row per destination, and the
/// attempt log. Times are milliseconds since 1970; a message about no subject has an empty `subject_key`.
enum PostgresOutboxSchema {
    static let outbox: [String] = [
        """
        CREATE TABLE outbox_messages (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            channel text NOT NULL,
            type text NOT NULL,
            property_id text NOT NULL,
            subject_key bytea NOT NULL,
            payload bytea NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        "CREATE INDEX outbox_messages_created ON outbox_messages(created_at)",
        """
        CREATE TABLE outbox_deliveries (
            message_seq bigint NOT NULL REFERENCES outbox_messages(seq),
            destination text NOT NULL,
            channel text NOT NULL,
            subject_key bytea NOT NULL,
            status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
            attempts integer NOT NULL CHECK (attempts >= 0),
            next_attempt_at bigint NOT NULL,
            last_status integer,
            last_error text,
            first_attempt_at bigint,
            lease_token text,
            lease_until bigint,
            PRIMARY KEY (message_seq, destination)
        )
        """,
        "CREATE INDEX outbox_deliveries_due ON outbox_deliveries(channel, next_attempt_at) WHERE status = 'pending'",
        """
        CREATE INDEX outbox_deliveries_line ON outbox_deliveries(destination, subject_key, message_seq)
            WHERE status = 'pending'
        """,
        "CREATE INDEX outbox_deliveries_destination ON outbox_deliveries(destination, message_seq)",
        """
        CREATE TABLE outbox_attempts (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_seq bigint NOT NULL REFERENCES outbox_messages(seq),
            destination text NOT NULL,
            number integer NOT NULL CHECK (number > 0),
            at bigint NOT NULL,
            status_code integer,
            error text,
            latency_ms bigint NOT NULL,
            next_attempt_at bigint
        )
        """,
        "CREATE INDEX outbox_attempts_destination ON outbox_attempts(destination, seq)",
    ]

    /// A property's webhook endpoints (migration `2026-11-30-webhook-endpoints`); the secrets are stored as given
    /// (wrapped by the root key when there is one).
    static let webhookEndpoints: [String] = [
        """
        CREATE TABLE webhook_endpoints (
            id text PRIMARY KEY,
            property_id text NOT NULL,
            url text NOT NULL,
            events text[] NOT NULL,
            description text,
            status text NOT NULL CHECK (status IN ('active', 'paused', 'failing', 'disabled')),
            secret bytea NOT NULL,
            previous_secret bytea,
            previous_secret_expires_at bigint,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL
        )
        """,
        "CREATE INDEX webhook_endpoints_property ON webhook_endpoints(property_id, id)",
    ]

    /// Per-subject message numbers (migration `2026-11-30-outbox-subject-sequences`, `SubjectSequence`): the last
    /// number per property and subject (empty for messages about no subject), and each message's own.
    static let subjectSequences: [String] = [
        """
        CREATE TABLE outbox_subject_sequences (
            property_id text NOT NULL,
            subject_key bytea NOT NULL,
            last bigint NOT NULL,
            PRIMARY KEY (property_id, subject_key)
        )
        """,
        "ALTER TABLE outbox_messages ADD COLUMN subject_seq bigint NOT NULL DEFAULT 0",
    ]
}
