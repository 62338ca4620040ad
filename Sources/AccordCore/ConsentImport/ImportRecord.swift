/// One value of an imported row: text (CSV cells, JSON scalars as text), a list of objects (a JSON array, for
/// exports that list each purpose with its status), or nothing.
public enum ImportValue: Hashable, Sendable {
    /// A cell or a JSON string, number or boolean, as text.
    case text(String)
    /// A JSON array of objects (each flattened like a line).
    case list([[String: ImportValue]])
    /// An empty CSV cell is `.text("")`; JSON `null` and missing keys are `.none`.
    case none

    /// The text, or nil for anything else.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

/// A row of an import file as read: its line number (1-based, where the record starts) and its values by column
/// name (CSV, from the header) or by dotted path (JSON lines: `consents.purposes`).
public struct ImportRecord: Hashable, Sendable {
    /// The physical line the record starts on, as a reject file reports it.
    public var line: Int
    /// Values by column name or dotted path.
    public var values: [String: ImportValue]

    /// A record of `values` read from `line`.
    public init(line: Int, values: [String: ImportValue]) {
        self.line = line
        self.values = values
    }
}

/// A line that could not be read as a record, with why: it goes to the reject file and the import goes on.
public struct ImportRejection: Hashable, Sendable, Error {
    /// The physical line.
    public var line: Int
    /// Why, for people: names the column or field at fault.
    public var reason: String

    /// A rejection of `line` because of `reason`.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
