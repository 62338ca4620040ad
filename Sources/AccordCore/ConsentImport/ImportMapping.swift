/// How the columns of another system's consent export become Accord consent events (`accord import-consents
/// --mapping FILE`, YAML; or JSON for the admin API). Names are CSV column names, or dotted paths into JSON lines.
///
/// One of four shapes says where the choices are:
/// - `purpose` + `status`: one purpose per row (`purpose` holds the purpose key, `channel.topic`, or a name mapped by
///   `purposes`); or `channel` + `topic` + `status` columns for a preference;
/// - `columns`: one column per purpose, Accord key to column (`analytics: Statistics`), each holding a status;
/// - `accepted`: one column listing the accepted categories (`"1,3"`); every purpose named in `purposes` that is not
///   listed is denied;
/// - `list`: a JSON array of objects, each with an id and a status (`{"id": "cookies", "enabled": true}`).
public struct ImportMapping: Hashable, Sendable, Codable {
    /// The file's format.
    public enum Format: String, Hashable, Sendable, Codable {
        /// Comma-separated values with a header row (RFC 4180).
        case csv
        /// One JSON object per line.
        case jsonl
    }

    /// A column that lists the accepted categories.
    public struct Accepted: Hashable, Sendable, Codable {
        /// The column.
        public var column: String
        /// What separates the categories within it; `,` unless given.
        public var separator: String?

        /// Categories listed in `column`, split by `separator`.
        public init(column: String, separator: String? = nil) {
            self.column = column
            self.separator = separator
        }
    }

    /// A JSON array of per-purpose objects.
    public struct ChoiceList: Hashable, Sendable, Codable {
        /// The dotted path of the array.
        public var path: String
        /// The key of each object's purpose id (`id` unless given).
        public var id: String?
        /// The key of each object's status (`status` unless given).
        public var status: String?

        /// The array at `path`, its objects' `id` and `status` keys.
        public init(path: String, id: String? = nil, status: String? = nil) {
            self.path = path
            self.id = id
            self.status = status
        }
    }

    /// The file's format; `csv` unless given.
    public var format: Format?
    /// The CSV delimiter, one ASCII character (`,` unless given; `;` and `\t` are common).
    public var delimiter: String?
    /// The column with the subject identifier (an account id, an e-mail address, a CMP's visitor id).
    public var subject: String
    /// The column with the date the choice was made.
    public var date: String
    /// How `date` is written: `iso8601` (the default: RFC 3339, or a plain `YYYY-MM-DD`), `unix` (seconds),
    /// `unixMillis`, or a Unicode date pattern read in UTC (`yyyy-MM-dd HH:mm:ss`).
    public var dateFormat: String?
    /// The column naming where the other system collected the choice (kept in the event's evidence hash).
    public var source: String?
    /// The column with the policy or form version text shown (kept in the event's evidence hash).
    public var version: String?
    /// Long shape: the column with the purpose.
    public var purpose: String?
    /// Long shape for preferences: the column with the channel (`email`) ...
    public var channel: String?
    /// ... and the column with the topic (`newsletter`).
    public var topic: String?
    /// Long shape: the column with the status.
    public var status: String?
    /// Wide shape: Accord purpose key (or `channel.topic`) to the column holding its status.
    public var columns: [String: String]?
    /// Accepted-list shape.
    public var accepted: Accepted?
    /// List shape (JSON lines).
    public var list: ChoiceList?
    /// The other system's purpose names (or category ids) to Accord purpose keys or `channel.topic`.
    public var purposes: [String: String]?
    /// Status values meaning granted (case-insensitive); replaces the defaults when given.
    public var granted: [String]?
    /// Status values meaning denied (case-insensitive); replaces the defaults when given.
    public var denied: [String]?

    /// A long-shape mapping, for code and tests.
    public init(subject: String, date: String, purpose: String? = nil, status: String? = nil) {
        self.subject = subject
        self.date = date
        self.purpose = purpose
        self.status = status
    }

    /// The values read as granted unless `granted` says otherwise.
    public static let defaultGranted = [
        "granted", "true", "yes", "y", "1", "opt-in", "optin", "opted-in", "accepted", "accept", "given", "subscribed", "on",
    ]
    /// The values read as denied unless `denied` says otherwise.
    public static let defaultDenied = [
        "denied", "false", "no", "n", "0", "opt-out", "optout", "opted-out", "rejected", "reject", "refused", "withdrawn",
        "unsubscribed", "off",
    ]
}
