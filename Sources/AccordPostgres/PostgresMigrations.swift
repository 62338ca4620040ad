import AccordCore
import Foundation
import PostgresNIO

/// The schema, as migrations registered under permanent names in `accord_migrations`: never rename or
/// edit one that has shipped. Each migration is a list of statements (the extended query protocol takes
/// one statement at a time), applied in one transaction under an advisory lock, so instances starting
/// together migrate once.
enum PostgresMigrations {
    struct Migration {
        let name: String
        let statements: [String]
    }

    static let all: [Migration] = [
        Migration(name: "2026-11-22-consent-foundation", statements: foundation),
        Migration(name: "2026-11-22-configuration-audit", statements: configurationAudit),
        Migration(name: "2026-11-22-global-vendor-lists", statements: globalVendorLists),
        Migration(name: "2026-11-30-event-authentication", statements: eventAuthentication),
        Migration(name: "2026-11-30-checkpoints", statements: checkpoints),
        Migration(name: "2026-11-30-notices-and-links", statements: noticesAndLinks),
        Migration(name: "2026-11-30-outbox", statements: PostgresOutboxSchema.outbox),
        Migration(name: "2026-11-30-webhook-endpoints", statements: PostgresOutboxSchema.webhookEndpoints),
        Migration(name: "2026-11-30-subject-vault", statements: subjectVault),
        Migration(name: "2026-11-30-console-users", statements: consoleUsers),
        Migration(name: "2026-11-30-forms", statements: PostgresFormsSchema.forms),
        Migration(name: "2026-11-30-privacy-requests", statements: PostgresRequestSchema.requests),
        Migration(name: "2026-11-30-report-counters", statements: PostgresRecordSets.reportCounters),
        Migration(
            name: "2026-11-30-api-key-expiry",
            statements: [
                "ALTER TABLE api_keys ADD COLUMN expires_at bigint, ADD COLUMN created_by text, ADD COLUMN last_used_at bigint"
            ]),
        Migration(name: "2026-11-30-data-map", statements: PostgresDataMap.schema),
        Migration(name: "2026-11-30-outbox-subject-sequences", statements: PostgresOutboxSchema.subjectSequences),
        Migration(name: "2026-11-30-subject-erasures", statements: PostgresConsentStore.subjectErasures),
        Migration(name: "2026-11-30-event-origin", statements: ["ALTER TABLE consent_events ADD COLUMN origin text"]),
        Migration(name: "2026-11-30-request-paused", statements: PostgresRequestSchema.paused),
        Migration(name: "2026-11-30-fulfilment-claims", statements: PostgresConsentStore.fulfilmentClaims),
        Migration(name: "2026-11-30-package-links", statements: PostgresConsentStore.packageLinks),
        Migration(name: "2026-11-30-connector-attachments", statements: PostgresConsentStore.connectorAttachments),
    ]

    static func apply(on store: PostgresConsentStore) async throws {
        let logger = store.logger
        try await store.transaction { connection in
            // One lock per schema: tests migrate many schemas of one database in parallel.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('accord:' || current_schema()))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS accord_migrations (name text PRIMARY KEY, applied_at bigint NOT NULL)",
                logger: logger)
            var applied = Set<String>()
            for try await row in try await connection.query("SELECT name FROM accord_migrations", logger: logger) {
                applied.insert(try row.decode(String.self))
            }
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = Date().millisecondsSince1970
                try await connection.query(
                    "INSERT INTO accord_migrations (name, applied_at) VALUES (\(migration.name), \(now))", logger: logger)
            }
        }
    }

    private static let foundation: [String] = [
        """
        CREATE FUNCTION accord_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$
        """,
        """
        CREATE TABLE properties (
            id text PRIMARY KEY,
            config jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object'),
            updated_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE policy_versions (
            property_id text NOT NULL REFERENCES properties(id),
            version bigint NOT NULL CHECK (version > 0),
            snapshot jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
            content_hash text NOT NULL,
            published_at bigint NOT NULL,
            PRIMARY KEY (property_id, version)
        )
        """,
        """
        CREATE TRIGGER policy_versions_immutable BEFORE UPDATE OR DELETE ON policy_versions
        FOR EACH ROW EXECUTE FUNCTION accord_refuse_change('published policy versions are immutable')
        """,
        """
        CREATE TABLE consent_events (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            property_id text NOT NULL REFERENCES properties(id),
            subject_key bytea NOT NULL CHECK (octet_length(subject_key) = 32),
            choices text NOT NULL CHECK (json_typeof(choices::json) = 'object'),
            expires_at text NOT NULL CHECK (json_typeof(expires_at::json) = 'object'),
            regime text NOT NULL CHECK (regime IN ('optIn', 'optOut', 'noticeOnly')),
            region text,
            locale text,
            policy_version bigint NOT NULL,
            policy_hash text NOT NULL,
            source text NOT NULL CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc')),
            gpc boolean NOT NULL,
            tc_string text,
            gpp_string text,
            ip_prefix text,
            user_agent text,
            client_time bigint,
            recorded_at bigint NOT NULL,
            idempotency_key text,
            chain_id text COLLATE "C" NOT NULL,
            chain_position bigint NOT NULL CHECK (chain_position > 0),
            prev_hash text NOT NULL,
            hash text NOT NULL,
            UNIQUE (chain_id, chain_position),
            FOREIGN KEY (property_id, policy_version) REFERENCES policy_versions(property_id, version)
        )
        """,
        """
        CREATE UNIQUE INDEX consent_events_idempotency ON consent_events (property_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL
        """,
        "CREATE INDEX consent_events_subject ON consent_events (property_id, subject_key, seq)",
        // Append-only: the application never changes or removes an event. A superuser can still drop these
        // triggers and edit rows; `accord audit verify` catches that.
        """
        CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
        FOR EACH ROW EXECUTE FUNCTION accord_refuse_change('consent_events is append-only')
        """,
        """
        CREATE TRIGGER consent_events_no_truncate BEFORE TRUNCATE ON consent_events
        FOR EACH STATEMENT EXECUTE FUNCTION accord_refuse_change('consent_events is append-only')
        """,
        """
        CREATE TABLE consent_state (
            property_id text NOT NULL,
            subject_key bytea NOT NULL CHECK (octet_length(subject_key) = 32),
            purpose_key text NOT NULL,
            choice text NOT NULL CHECK (choice IN ('granted', 'denied')),
            since bigint NOT NULL,
            expires_at bigint,
            policy_version bigint NOT NULL,
            event_id text NOT NULL REFERENCES consent_events(id),
            PRIMARY KEY (property_id, subject_key, purpose_key)
        )
        """,
        """
        CREATE TABLE chain_heads (
            chain_id text COLLATE "C" PRIMARY KEY,
            position bigint NOT NULL CHECK (position >= 0),
            hash text NOT NULL
        )
        """,
        """
        CREATE TABLE api_keys (
            hash text PRIMARY KEY,
            prefix text NOT NULL,
            name text NOT NULL,
            scopes text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE secrets (
            name text PRIMARY KEY,
            value bytea NOT NULL,
            created_at bigint NOT NULL
        )
        """,
    ]

    /// Accord's own events: expiry notices (source `expiry`, kind `expiring`/`expired`) with the last notice per
    /// state row and the index the sweeper reads (granted rows not yet noticed as expired, by last notice, then
    /// expiry and key);
    /// and links of a browser to a known subject (source `link`, kind `linked`, naming the visitor in
    /// `linked_subject`, authenticated by an identify token or a key), with the `subject_links` view.
    private static let noticesAndLinks: [String] = [
        "ALTER TABLE consent_events DROP CONSTRAINT consent_events_source_check",
        """
        ALTER TABLE consent_events ADD CONSTRAINT consent_events_source_check
            CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc', 'expiry', 'link'))
        """,
        "ALTER TABLE consent_events DROP CONSTRAINT consent_events_authenticated_by_check",
        """
        ALTER TABLE consent_events ADD CONSTRAINT consent_events_authenticated_by_check
            CHECK (authenticated_by IS NULL OR authenticated_by IN ('link', 'identify') OR authenticated_by LIKE 'key %'
                OR authenticated_by LIKE 'keyless %')
        """,
        "ALTER TABLE consent_events ADD COLUMN kind text CHECK (kind IS NULL OR kind IN ('expiring', 'expired', 'linked'))",
        """
        ALTER TABLE consent_events ADD COLUMN linked_subject bytea
            CHECK (linked_subject IS NULL OR octet_length(linked_subject) = 32)
        """,
        """
        ALTER TABLE consent_state ADD COLUMN expiry_notice text
            CHECK (expiry_notice IS NULL OR expiry_notice IN ('expiring', 'expired'))
        """,
        """
        CREATE INDEX consent_state_expiry
            ON consent_state (coalesce(expiry_notice, 'none'), expires_at, property_id, subject_key, purpose_key)
        WHERE choice = 'granted' AND expires_at IS NOT NULL AND expiry_notice IS DISTINCT FROM 'expired'
        """,
        """
        CREATE TABLE subject_links (
            property_id text NOT NULL,
            visitor_key bytea NOT NULL CHECK (octet_length(visitor_key) = 32),
            subject_key bytea NOT NULL CHECK (octet_length(subject_key) = 32),
            event_id text NOT NULL REFERENCES consent_events(id),
            PRIMARY KEY (property_id, visitor_key)
        )
        """,
        "CREATE INDEX subject_links_subject ON subject_links (property_id, subject_key)",
    ]

    /// One IAB Global Vendor List per property, replaced as a whole; changes are audited in the config chain.
    /// How each event's caller authenticated (`keyless <origin>`, `key <prefix>`, `link`); NULL on older events.
    /// Console users, their sessions and set-up links; ids and tokens only as SHA-256 hashes, passwords as bcrypt.
    private static let consoleUsers: [String] = [
        """
        CREATE TABLE console_users (
            id text PRIMARY KEY,
            email text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('owner', 'editor', 'agent', 'auditor')),
            password_hash text,
            totp_secret bytea,
            totp_required boolean NOT NULL DEFAULT false,
            failed_sign_ins integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
            locked_until bigint,
            created_at bigint NOT NULL,
            created_by text NOT NULL
        )
        """,
        """
        CREATE TABLE console_sessions (
            hash text PRIMARY KEY,
            user_id text NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
            created_at bigint NOT NULL,
            last_seen_at bigint NOT NULL
        )
        """,
        "CREATE INDEX console_sessions_by_user ON console_sessions (user_id)",
        """
        CREATE TABLE console_setup_tokens (
            hash text PRIMARY KEY,
            user_id text NOT NULL UNIQUE REFERENCES console_users(id) ON DELETE CASCADE,
            expires_at bigint NOT NULL
        )
        """,
    ]

    private static let eventAuthentication: [String] = [
        """
        ALTER TABLE consent_events ADD COLUMN authenticated_by text
            CHECK (authenticated_by IS NULL OR authenticated_by = 'link' OR authenticated_by LIKE 'key %'
                OR authenticated_by LIKE 'keyless %')
        """
    ]

    /// Signed checkpoints of the chain heads, one per chain and position (`CheckpointStore`).
    private static let checkpoints: [String] = [
        """
        CREATE TABLE checkpoints (
            chain_id text COLLATE "C" NOT NULL,
            position bigint NOT NULL CHECK (position > 0),
            property_id text NOT NULL,
            hash text NOT NULL,
            signed_at bigint NOT NULL,
            token text NOT NULL,
            PRIMARY KEY (chain_id, position)
        )
        """,
        "CREATE INDEX checkpoints_property ON checkpoints (property_id, chain_id, position)",
        """
        CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
        FOR EACH ROW EXECUTE FUNCTION accord_refuse_change('checkpoints is append-only')
        """,
    ]

    /// The subject vault: clear ids and contact points sealed under a per-subject data key (see `SubjectVault`).
    private static let subjectVault: [String] = [
        """
        CREATE TABLE subject_vault (
            property_id text NOT NULL,
            subject_key bytea NOT NULL CHECK (length(subject_key) = 32),
            key_id bytea NOT NULL CHECK (length(key_id) = 16),
            wrapped_key bytea NOT NULL,
            identity bytea NOT NULL,
            contact bytea,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (property_id, subject_key)
        )
        """
    ]

    private static let globalVendorLists: [String] = [
        """
        CREATE TABLE vendor_lists (
            property_id text PRIMARY KEY REFERENCES properties(id),
            vendor_list_version integer NOT NULL CHECK (vendor_list_version > 0),
            document jsonb NOT NULL,
            updated_at bigint NOT NULL
        )
        """
    ]

    /// Configuration changes, chained per property (`config/<property>`) beside the consent chains.
    private static let configurationAudit: [String] = [
        """
        CREATE TABLE audit_entries (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            property_id text NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text,
            before text,
            after text,
            recorded_at bigint NOT NULL,
            chain_id text COLLATE "C" NOT NULL,
            chain_position bigint NOT NULL CHECK (chain_position > 0),
            prev_hash text NOT NULL,
            hash text NOT NULL,
            UNIQUE (chain_id, chain_position)
        )
        """,
        "CREATE INDEX audit_entries_property ON audit_entries (property_id, seq)",
        """
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION accord_refuse_change('audit_entries is append-only')
        """,
        """
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION accord_refuse_change('audit_entries is append-only')
        """,
    ]
}
