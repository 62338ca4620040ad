/// Forms (`FormStore`): drafts and immutable published versions; and consent events recorded through a form
/// (source `form`, naming the form version in `form_ref`).
enum PostgresFormsSchema {
    static let forms: [String] = [
        "ALTER TABLE consent_events DROP CONSTRAINT consent_events_source_check",
        """
        ALTER TABLE consent_events ADD CONSTRAINT consent_events_source_check
            CHECK (source IN ('banner', 'preferenceCenter', 'api', 'import', 'gpc', 'expiry', 'link', 'form'))
        """,
        "ALTER TABLE consent_events ADD COLUMN form_ref text CHECK (form_ref IS NULL OR source = 'form')",
        """
        CREATE TABLE form_drafts (
            property_id text NOT NULL REFERENCES properties(id),
            form_key text NOT NULL,
            draft text NOT NULL,
            updated_at bigint NOT NULL,
            updated_by text NOT NULL,
            PRIMARY KEY (property_id, form_key)
        )
        """,
        """
        CREATE TABLE form_versions (
            property_id text NOT NULL REFERENCES properties(id),
            form_key text NOT NULL,
            version integer NOT NULL CHECK (version > 0),
            draft text NOT NULL,
            content_hash text NOT NULL,
            published_at bigint NOT NULL,
            published_by text NOT NULL,
            PRIMARY KEY (property_id, form_key, version)
        )
        """,
        """
        CREATE TABLE form_evidence (
            property_id text NOT NULL REFERENCES properties(id),
            event_id text NOT NULL REFERENCES consent_events(id),
            subject_key bytea NOT NULL CHECK (octet_length(subject_key) = 32),
            form_ref text NOT NULL,
            signed_at bigint NOT NULL,
            sealed bytea NOT NULL,
            PRIMARY KEY (property_id, event_id)
        )
        """,
        """
        CREATE TRIGGER form_versions_immutable BEFORE UPDATE OR DELETE ON form_versions
            FOR EACH ROW EXECUTE FUNCTION accord_refuse_change('published form versions are immutable')
        """,
    ]
}
