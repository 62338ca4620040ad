import GRDB

/// Each distinct choices text of `consent_events` stored once, in `choice_texts`, and the event row's `choices` cell
/// holding its number (migration `2026-12-01-choice-texts`, SQLite only).
///
/// A property's banner gives few distinct texts (three optional purposes: eight), so the 70-odd bytes of
/// `{"analytics":"granted","marketing":"denied","personalization":"granted"}` in every event row become one to five
/// digits. The number is stored as text (the column's TEXT affinity; `json_valid` holds for it, so the column keeps
/// its check), and a choices text is always a JSON object, so a cell that does not start with `{` is a reference and
/// one that does is the text itself: both forms live side by side, and SQLite's own cells tell them apart.
///
/// Every reader of whole event rows selects `selectEvents`, which joins the text back (`SQLiteRecordRow` reads it
/// for the `choices` column); the records, the export, the chain's canonical bytes and PostgreSQL keep the text. The
/// table is append-only (triggers): a number, once committed, names its text for good, and changing a text would
/// change every event that refers to it, which `accord audit verify` reports as it reports any changed event.
enum SQLiteChoiceTexts {
    /// The joined text's column in `selectEvents`.
    static let joinedColumn = "accord_choices_text"
    /// Whole event rows with the text their `choices` cell refers to (NULL when the cell holds the text itself).
    /// The join is on the table's integer key: SQLite compares the cell's digits as a number, and an object text never
    /// equals a number.
    static let selectEvents =
        "SELECT e.*, t.text AS \(joinedColumn) FROM consent_events AS e LEFT JOIN choice_texts AS t ON t.id = e.choices"
    /// The same rows on a database the migration has not reached, where no cell refers to a text.
    static let selectEventsBeforeMigration = "SELECT e.*, NULL AS \(joinedColumn) FROM consent_events AS e"

    /// What to select on `db`: `accord audit verify` and `accord restore` read a file, or a backup, as it is, and one
    /// written before the migration has no `choice_texts` (GRDB answers from its per-connection schema cache).
    static func selectEvents(_ db: Database) throws -> String {
        try db.tableExists("choice_texts") ? selectEvents : selectEventsBeforeMigration
    }
    /// The most texts the table takes; a text beyond them stays in its row (a property with many purposes could make
    /// a text per event, and the table must not grow with the log).
    static let capacity: Int64 = 65_536
    /// Texts shorter than this stay in the row: a reference would save nothing (`{}` of notices and links).
    static let shortest = 8

    static let schema = """
        CREATE TABLE choice_texts (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL UNIQUE CHECK (text GLOB '{*' AND json_valid(text))
        );
        CREATE TRIGGER choice_texts_no_update BEFORE UPDATE ON choice_texts
        BEGIN SELECT RAISE(ABORT, 'choice_texts is append-only'); END;
        CREATE TRIGGER choice_texts_no_delete BEFORE DELETE ON choice_texts
        BEGIN SELECT RAISE(ABORT, 'choice_texts is append-only'); END;
        """

    /// Whether a choices text is stored by reference.
    static func isShared(_ text: String) -> Bool {
        text.utf8.count >= shortest && text.utf8.first == UInt8(ascii: "{")
    }

    /// The cells of one transaction's event rows: each text looked up (or added) once per transaction. Kept no longer
    /// than the transaction, so a rolled-back number is never used again, and a restore under a running store cannot
    /// leave a stale one behind.
    struct Cells {
        private var cells: [String: String] = [:]

        /// The `choices` cell for `text`: its number's digits, or the text when it is not shared or the table is full.
        mutating func cell(for text: String, db: Database) throws -> String {
            guard isShared(text) else { return text }
            if let cell = cells[text] { return cell }
            let cell: String
            if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM choice_texts WHERE text = ?"), arguments: [text]) {
                cell = String(id)
            } else if try (Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) FROM choice_texts")) ?? 0) < capacity {
                try db.cachedStatement(sql: "INSERT INTO choice_texts (text) VALUES (?)").execute(arguments: [text])
                cell = String(db.lastInsertedRowID)
            } else {
                cell = text
            }
            cells[text] = cell
            return cell
        }
    }

    /// Creates the table and rewrites the rows stored before, in place, in the migration's one transaction: the texts
    /// in order of first use, then every row's cell (the append-only trigger lifted for the one statement and made
    /// again from its own stored SQL). Ids, sequence numbers and hashes do not move, and every row reads back as the
    /// text it held, so the chains verify as before; the space the texts held is free pages, which `VACUUM` gives back.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: schema)
        try db.execute(
            sql: """
                INSERT INTO choice_texts (text)
                SELECT choices FROM consent_events
                WHERE typeof(choices) = 'text' AND choices GLOB '{*' AND length(CAST(choices AS BLOB)) >= \(shortest)
                GROUP BY choices ORDER BY min(seq) LIMIT \(capacity)
                """)
        let trigger = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'consent_events_no_update'")
        try db.execute(sql: "DROP TRIGGER IF EXISTS consent_events_no_update")
        try db.execute(
            sql: """
                UPDATE consent_events SET choices = (SELECT t.id FROM choice_texts AS t WHERE t.text = consent_events.choices)
                WHERE choices IN (SELECT text FROM choice_texts)
                """)
        if let trigger { try db.execute(sql: trigger) }
    }
}
