/// Forms (`FormStore`): drafts and immutable published versions; and consent events recorded through a form
/// (source `form`, naming the form version in `form_ref`).
///
/// SQLite cannot change the CHECK constraint on `source` in place, so `consent_events` is rebuilt as in
/// `2026-11-30-notices-and-links` (a new table, the rows copied with their sequence numbers, the old one dropped,
/// the new one renamed, indexes and triggers made again); GRDB runs it with foreign keys off and checks them all
/// before it commits.
enum SQLiteFormsSchema {
    static let forms = """
        CREATE TABLE consent_events_new (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            property_id TEXT NOT NULL REFERENCES properties(id),
            subject_key BLOB NOT NULL CHECK (length(subject_key) = 32),
            choices TEXT NOT NULL CHECK (json_valid(choices)),
            expires_at TEXT NOT NULL CHECK (json_valid(expires_at)),
            regime TEXT NOT NULL CHECK (regime IN ('optIn', 'optOut', 'noticeOnly')),
            region TEXT,
            locale TEXT,
            policy_version INTEGER NOT NULL,
            policy_hash TEXT NOT NULL,
            source TEXT NOT NULL
                CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc', 'expiry', 'link', 'form')),
            gpc INTEGER NOT NULL CHECK (gpc IN (0, 1)),
            tc_string TEXT,
            gpp_string TEXT,
            ip_prefix TEXT,
            user_agent TEXT,
            client_time INTEGER,
            recorded_at INTEGER NOT NULL,
            idempotency_key TEXT,
            chain_id TEXT NOT NULL,
            chain_position INTEGER NOT NULL CHECK (chain_position > 0),
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            authenticated_by TEXT
                CHECK (authenticated_by IS NULL OR authenticated_by IN ('link', 'identify')
                    OR authenticated_by GLOB 'key *' OR authenticated_by GLOB 'keyless *'),
            kind TEXT CHECK (kind IS NULL OR kind IN ('expiring', 'expired', 'linked')),
            linked_subject BLOB CHECK (linked_subject IS NULL OR length(linked_subject) = 32),
            form_ref TEXT CHECK (form_ref IS NULL OR source = 'form'),
            UNIQUE (chain_id, chain_position),
            FOREIGN KEY (property_id, policy_version) REFERENCES policy_versions(property_id, version)
        );
        INSERT INTO consent_events_new (
            seq, id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version,
            policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at,
            idempotency_key, chain_id, chain_position, prev_hash, hash, authenticated_by, kind, linked_subject)
        SELECT seq, id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version,
            policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at,
            idempotency_key, chain_id, chain_position, prev_hash, hash, authenticated_by, kind, linked_subject
        FROM consent_events ORDER BY seq;
        DROP TABLE consent_events;
        ALTER TABLE consent_events_new RENAME TO consent_events;
        CREATE UNIQUE INDEX consent_events_idempotency ON consent_events(property_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        CREATE INDEX consent_events_subject ON consent_events(property_id, subject_key, seq);
        CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
        CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;

        CREATE TABLE form_drafts (
            property_id TEXT NOT NULL REFERENCES properties(id),
            form_key TEXT NOT NULL,
            draft TEXT NOT NULL CHECK (json_valid(draft)),
            updated_at INTEGER NOT NULL,
            updated_by TEXT NOT NULL,
            PRIMARY KEY (property_id, form_key)
        ) WITHOUT ROWID;
        CREATE TABLE form_versions (
            property_id TEXT NOT NULL REFERENCES properties(id),
            form_key TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            draft TEXT NOT NULL CHECK (json_valid(draft)),
            content_hash TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            published_by TEXT NOT NULL,
            PRIMARY KEY (property_id, form_key, version)
        ) WITHOUT ROWID;
        CREATE TRIGGER form_versions_no_update BEFORE UPDATE ON form_versions
        BEGIN SELECT RAISE(ABORT, 'form_versions is append-only'); END;
        CREATE TRIGGER form_versions_no_delete BEFORE DELETE ON form_versions
        BEGIN SELECT RAISE(ABORT, 'form_versions is append-only'); END;
        CREATE TABLE form_evidence (
            property_id TEXT NOT NULL REFERENCES properties(id),
            event_id TEXT NOT NULL REFERENCES consent_events(id),
            subject_key BLOB NOT NULL CHECK (length(subject_key) = 32),
            form_ref TEXT NOT NULL,
            signed_at INTEGER NOT NULL,
            sealed BLOB NOT NULL,
            PRIMARY KEY (property_id, event_id)
        ) WITHOUT ROWID;
        """
}
