/// The data-subject requests: one row per request, its document as JSON with the columns the list filters and
/// sorts on beside it. The timeline is the request chain in `audit_entries`, read by chain and target.
enum PostgresRequestSchema {
    static let requests: [String] = [
        """
        CREATE TABLE privacy_requests (
            id text PRIMARY KEY,
            property_id text NOT NULL REFERENCES properties(id),
            requester bytea NOT NULL CHECK (octet_length(requester) = 32),
            type text NOT NULL,
            status text NOT NULL,
            law text,
            assignee text,
            sort_due bigint NOT NULL,
            received_at bigint NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object')
        )
        """,
        "CREATE INDEX privacy_requests_list ON privacy_requests (property_id, sort_due, id)",
        "CREATE INDEX privacy_requests_requester ON privacy_requests (property_id, requester, type)",
        "CREATE INDEX privacy_requests_open ON privacy_requests (id) WHERE status IN ('verifying', 'verified', 'inProgress')",
        "CREATE INDEX audit_entries_target ON audit_entries (chain_id, target)",
    ]

    /// Migration `2026-11-30-request-paused`: whether a request's clock is stopped now (`PrivacyRequest.isPaused`),
    /// so the list reads those apart and dates them at the time of listing (`RequestListing`). Rows stored before
    /// are marked from their documents.
    static let paused: [String] = [
        "ALTER TABLE privacy_requests ADD COLUMN paused boolean NOT NULL DEFAULT false",
        """
        UPDATE privacy_requests SET paused = true
        WHERE status IN ('verifying', 'verified', 'inProgress')
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(document #> '{clock,pauses}', '[]'::jsonb)) AS p
                      WHERE COALESCE(p -> 'until', 'null'::jsonb) = 'null'::jsonb)
        """,
        "CREATE INDEX privacy_requests_paused ON privacy_requests (property_id) WHERE paused",
    ]
}
