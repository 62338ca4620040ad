/// One row as a connector reads it: column → value as text (nil for NULL). Values are read as text so one search
/// works on any column type; they stay inside the run (counts and names leave it, values only in an access answer).
public typealias ConnectorRow = [String: String?]

/// A row's primary key values, in the order of the collection's `primaryKey`.
public typealias RowKey = [String]

/// What the subject search and erasure need from a customer database, all inside one transaction the connector
/// opened (issue 14 §2: one transaction per system). Implemented for PostgreSQL and SQLite in `AccordConnectors`;
/// table and column names come from a validated dataset and are quoted by the implementation.
public protocol ConnectorTables {
    /// The rows of `table` whose `column`, read as text (lower-cased and trimmed when `normalised`), is one of
    /// `values`, with `columns` read as text.
    func rows(of table: String, where column: String, in values: [String], normalised: Bool, columns: [String]) async throws
        -> [ConnectorRow]
    /// Sets `values` on the row whose primary key columns hold `key`; answers the number of rows changed.
    func update(_ table: String, key: [String: String], set values: [String: String?]) async throws -> Int
    /// Deletes the row whose primary key columns hold `key`; answers the number of rows deleted.
    func delete(_ table: String, key: [String: String]) async throws -> Int
}
