/// The data-subject requests: one row per request, its document as JSON with the columns the list filters and
/// sorts on beside it. The timeline is the request chain in `audit_entries`, read by chain and target.
enum SQLiteRequestSchema {
    static let requests = """
        CREATE TABLE privacy_requests (
            id TEXT PRIMARY KEY NOT NULL,
            property_id TEXT NOT NULL REFERENCES properties(id),
            requester BLOB NOT NULL,
            type TEXT NOT NULL,
            status TEXT NOT NULL,
            law TEXT,
            assignee TEXT,
            sort_due INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            document TEXT NOT NULL CHECK (json_valid(document))
        );
        CREATE INDEX privacy_requests_list ON privacy_requests(property_id, sort_due, id);
        CREATE INDEX privacy_requests_requester ON privacy_requests(property_id, requester, type);
        CREATE INDEX privacy_requests_open ON privacy_requests(id) WHERE status IN ('verifying', 'verified', 'inProgress');
        CREATE INDEX audit_entries_target ON audit_entries(chain_id, target);
        """

    /// Migration `2026-11-30-request-paused`: whether a request's clock is stopped now (`PrivacyRequest.isPaused`),
    /// so the list reads those apart and dates them at the time of listing (`RequestListing`). Rows stored before
    /// are marked from their documents.
    static let paused = """
        ALTER TABLE privacy_requests ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1));
        UPDATE privacy_requests SET paused = 1
        WHERE status IN ('verifying', 'verified', 'inProgress')
          AND EXISTS (SELECT 1 FROM json_each(document, '$.clock.pauses') WHERE json_type(value, '$.until') IS NULL
                      OR json_type(value, '$.until') = 'null');
        CREATE INDEX privacy_requests_paused ON privacy_requests(property_id) WHERE paused = 1;
        """
}
