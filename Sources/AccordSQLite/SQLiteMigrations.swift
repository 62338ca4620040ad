import GRDB

/// The schema, as migrations registered under permanent names: never rename or edit one that has shipped.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-22-consent-foundation") { db in
            try db.execute(sql: foundation)
        }
        migrator.registerMigration("2026-11-22-configuration-audit") { db in
            try db.execute(sql: configurationAudit)
        }
        migrator.registerMigration("2026-11-22-global-vendor-lists") { db in
            try db.execute(sql: globalVendorLists)
        }
        migrator.registerMigration("2026-11-30-event-authentication") { db in
            try db.execute(sql: eventAuthentication)
        }
        migrator.registerMigration("2026-11-30-checkpoints") { db in
            try db.execute(sql: checkpoints)
        }
        migrator.registerMigration("2026-11-30-notices-and-links") { db in
            try db.execute(sql: noticesAndLinks)
        }
        migrator.registerMigration("2026-11-30-outbox") { db in
            try db.execute(sql: SQLiteOutboxSchema.outbox)
        }
        migrator.registerMigration("2026-11-30-webhook-endpoints") { db in
            try db.execute(sql: SQLiteOutboxSchema.webhookEndpoints)
        }
        migrator.registerMigration("2026-11-30-subject-vault") { db in
            try db.execute(sql: subjectVault)
        }
        migrator.registerMigration("2026-11-30-console-users") { db in
            try db.execute(sql: consoleUsers)
        }
        migrator.registerMigration("2026-11-30-forms") { db in
            try db.execute(sql: SQLiteFormsSchema.forms)
        }
        migrator.registerMigration("2026-11-30-privacy-requests") { db in
            try db.execute(sql: SQLiteRequestSchema.requests)
        }
        migrator.registerMigration("2026-11-30-report-counters") { db in
            try db.execute(sql: SQLiteConsentStore.reportCounters)
        }
        migrator.registerMigration("2026-11-30-api-key-expiry") { db in
            try db.execute(
                sql: """
                    ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
                    ALTER TABLE api_keys ADD COLUMN created_by TEXT;
                    ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
                    """)
        }
        migrator.registerMigration("2026-11-30-data-map") { db in
            try db.execute(sql: SQLiteDataMap.schema)
        }
        migrator.registerMigration("2026-11-30-outbox-subject-sequences") { db in
            try db.execute(sql: SQLiteOutboxSchema.subjectSequences)
        }
        migrator.registerMigration("2026-11-30-subject-erasures") { db in
            try db.execute(sql: SQLiteConsentStore.subjectErasures)
        }
        migrator.registerMigration("2026-11-30-event-origin") { db in
            try db.execute(sql: "ALTER TABLE consent_events ADD COLUMN origin TEXT CHECK (origin IS NULL OR json_valid(origin))")
        }
        migrator.registerMigration("2026-11-30-compact-event-rows") { db in
            try SQLiteCompactRows.migrate(db)
        }
        migrator.registerMigration("2026-11-30-compact-import-keys") { db in
            try SQLiteCompactKeys.migrate(db)
        }
        migrator.registerMigration("2026-11-30-request-paused") { db in try db.execute(sql: SQLiteRequestSchema.paused) }
        migrator.registerMigration("2026-11-30-fulfilment-claims") { db in
            try db.execute(sql: SQLiteConsentStore.fulfilmentClaims)
        }
        migrator.registerMigration("2026-11-30-package-links") { db in
            try db.execute(sql: SQLiteConsentStore.packageLinks)
        }
        migrator.registerMigration("2026-11-30-connector-attachments") { db in
            try db.execute(sql: SQLiteConsentStore.connectorAttachments)
        }
        migrator.registerMigration("2026-11-30-outbox-pending-line") { db in try db.execute(sql: SQLiteOutboxSchema.pendingLine) }
        migrator.registerMigration("2026-12-01-compact-sdk-keys") { db in try SQLiteCompactKeys.migrateHexKeys(db) }
        migrator.registerMigration("2026-12-01-choice-texts") { db in try SQLiteChoiceTexts.migrate(db) }
        migrator.registerMigration("2026-12-01-outbox-previous-message") { db in
            try db.execute(sql: SQLiteOutboxSchema.previousMessage)
        }
        migrator.registerMigration("2026-12-01-outbox-counter-in-vault") { db in
            try db.execute(sql: SQLiteOutboxSchema.counterInVault)
        }
        return migrator
    }

    /// Signed checkpoints of the chain heads, one per chain and position (`CheckpointStore`).
    private static let checkpoints = """
        CREATE TABLE checkpoints (
            chain_id TEXT NOT NULL,
            position INTEGER NOT NULL CHECK (position > 0),
            property_id TEXT NOT NULL,
            hash TEXT NOT NULL,
            signed_at INTEGER NOT NULL,
            token TEXT NOT NULL,
            PRIMARY KEY (chain_id, position)
        );
        CREATE INDEX checkpoints_property ON checkpoints(property_id, chain_id, position);
        CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only'); END;
        CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'checkpoints is append-only'); END;
        """

    /// Accord's own events: expiry notices (source `expiry`, kind `expiring`/`expired`) with the last notice per
    /// state row and the index the sweeper reads (granted rows not yet noticed as expired, by last notice, then
    /// expiry and key);
    /// and links of a browser to a known subject (source `link`, kind `linked`, naming the visitor in
    /// `linked_subject`, authenticated by an identify token or a key), with the `subject_links` view.
    ///
    /// SQLite cannot change a CHECK constraint in place, so `consent_events` is rebuilt the way the SQLite
    /// documentation describes (ALTER TABLE, "making other kinds of table schema changes"): a new table, the
    /// rows copied with their sequence numbers, the old one dropped, the new one renamed, indexes and triggers
    /// made again. GRDB runs a migration with foreign keys off and checks them all before it commits.
    private static let noticesAndLinks = """
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
                CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc', 'expiry', 'link')),
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
            UNIQUE (chain_id, chain_position),
            FOREIGN KEY (property_id, policy_version) REFERENCES policy_versions(property_id, version)
        );
        INSERT INTO consent_events_new (
            seq, id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version,
            policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at,
            idempotency_key, chain_id, chain_position, prev_hash, hash, authenticated_by)
        SELECT seq, id, property_id, subject_key, choices, expires_at, regime, region, locale, policy_version,
            policy_hash, source, gpc, tc_string, gpp_string, ip_prefix, user_agent, client_time, recorded_at,
            idempotency_key, chain_id, chain_position, prev_hash, hash, authenticated_by
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

        ALTER TABLE consent_state ADD COLUMN expiry_notice TEXT
            CHECK (expiry_notice IS NULL OR expiry_notice IN ('expiring', 'expired'));
        CREATE INDEX consent_state_expiry ON consent_state(coalesce(expiry_notice, 'none'), expires_at)
            WHERE choice = 'granted' AND expires_at IS NOT NULL AND expiry_notice IS NOT 'expired';

        CREATE TABLE subject_links (
            property_id TEXT NOT NULL,
            visitor_key BLOB NOT NULL CHECK (length(visitor_key) = 32),
            subject_key BLOB NOT NULL CHECK (length(subject_key) = 32),
            event_id TEXT NOT NULL REFERENCES consent_events(id),
            PRIMARY KEY (property_id, visitor_key)
        ) WITHOUT ROWID;
        CREATE INDEX subject_links_subject ON subject_links(property_id, subject_key);
        """

    /// The subject vault: clear ids and contact points sealed under a per-subject data key (see `SubjectVault`).
    /// Rows are deleted on shredding; `secure_delete` (set on every connection) zeroes the freed bytes.
    private static let subjectVault = """
        CREATE TABLE subject_vault (
            property_id TEXT NOT NULL,
            subject_key BLOB NOT NULL CHECK (length(subject_key) = 32),
            key_id BLOB NOT NULL CHECK (length(key_id) = 16),
            wrapped_key BLOB NOT NULL,
            identity BLOB NOT NULL,
            contact BLOB,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (property_id, subject_key)
        ) WITHOUT ROWID;
        """

    /// Console users, their sessions and set-up links; ids and tokens only as SHA-256 hashes, passwords as bcrypt.
    private static let consoleUsers = """
        CREATE TABLE console_users (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'agent', 'auditor')),
            password_hash TEXT,
            totp_secret BLOB,
            totp_required INTEGER NOT NULL DEFAULT 0 CHECK (totp_required IN (0, 1)),
            failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
            locked_until INTEGER,
            created_at INTEGER NOT NULL,
            created_by TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE console_sessions (
            hash TEXT PRIMARY KEY NOT NULL,
            user_id TEXT NOT NULL REFERENCES console_users(id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX console_sessions_by_user ON console_sessions (user_id);

        CREATE TABLE console_setup_tokens (
            hash TEXT PRIMARY KEY NOT NULL,
            user_id TEXT NOT NULL UNIQUE REFERENCES console_users(id) ON DELETE CASCADE,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    /// How each event's caller authenticated (`keyless <origin>`, `key <prefix>`, `link`); NULL on older events.
    private static let eventAuthentication = """
        ALTER TABLE consent_events ADD COLUMN authenticated_by TEXT
            CHECK (authenticated_by IS NULL OR authenticated_by = 'link' OR authenticated_by GLOB 'key *'
                OR authenticated_by GLOB 'keyless *');
        """

    /// One IAB Global Vendor List per property, replaced as a whole; changes are audited in the config chain.
    private static let globalVendorLists = """
        CREATE TABLE vendor_lists (
            property_id TEXT PRIMARY KEY NOT NULL REFERENCES properties(id),
            vendor_list_version INTEGER NOT NULL CHECK (vendor_list_version > 0),
            document TEXT NOT NULL CHECK (json_valid(document)),
            updated_at INTEGER NOT NULL
        );
        """

    private static let configurationAudit = """
        CREATE TABLE audit_entries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            property_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            before TEXT,
            after TEXT,
            recorded_at INTEGER NOT NULL,
            chain_id TEXT NOT NULL,
            chain_position INTEGER NOT NULL CHECK (chain_position > 0),
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (chain_id, chain_position)
        );
        CREATE INDEX audit_entries_property ON audit_entries(property_id, seq);
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
        """

    private static let foundation = """
        CREATE TABLE properties (
            id TEXT PRIMARY KEY NOT NULL,
            config TEXT NOT NULL CHECK (json_valid(config)),
            updated_at INTEGER NOT NULL
        );

        CREATE TABLE policy_versions (
            property_id TEXT NOT NULL REFERENCES properties(id),
            version INTEGER NOT NULL CHECK (version > 0),
            snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
            content_hash TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            PRIMARY KEY (property_id, version)
        );
        CREATE TRIGGER policy_versions_immutable BEFORE UPDATE ON policy_versions
        BEGIN SELECT RAISE(ABORT, 'published policy versions are immutable'); END;

        CREATE TABLE consent_events (
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
            source TEXT NOT NULL CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc')),
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
            UNIQUE (chain_id, chain_position),
            FOREIGN KEY (property_id, policy_version) REFERENCES policy_versions(property_id, version)
        );
        CREATE UNIQUE INDEX consent_events_idempotency ON consent_events(property_id, idempotency_key)
            WHERE idempotency_key IS NOT NULL;
        CREATE INDEX consent_events_subject ON consent_events(property_id, subject_key, seq);
        -- Append-only: the application never changes or removes an event. Tampering by hand is still
        -- possible for whoever owns the file (drop these triggers), and `accord audit verify` catches it.
        CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;
        CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
        BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;

        CREATE TABLE consent_state (
            property_id TEXT NOT NULL,
            subject_key BLOB NOT NULL,
            purpose_key TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('granted', 'denied')),
            since INTEGER NOT NULL,
            expires_at INTEGER,
            policy_version INTEGER NOT NULL,
            event_id TEXT NOT NULL REFERENCES consent_events(id),
            PRIMARY KEY (property_id, subject_key, purpose_key)
        ) WITHOUT ROWID;

        CREATE TABLE chain_heads (
            chain_id TEXT PRIMARY KEY NOT NULL,
            position INTEGER NOT NULL,
            hash TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE api_keys (
            hash TEXT PRIMARY KEY NOT NULL,
            prefix TEXT NOT NULL,
            name TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE secrets (
            name TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}
