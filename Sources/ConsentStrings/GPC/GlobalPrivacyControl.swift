/// The W3C Global Privacy Control signal: the `Sec-GPC` request header and the
/// `/.well-known/gpc.json` support resource.
public enum GlobalPrivacyControl {
    /// Whether request header lines carry a do-not-sell-or-share preference: some `Sec-GPC` field
    /// whose whitespace-trimmed value is exactly `1`. Field names match case-insensitively; any
    /// other value, a combined value such as `1, 1`, or no field at all means no preference.
    public static func isRequested(headerLines: some Sequence<some StringProtocol>) -> Bool {
        headerLines.contains { line in
            guard let colon = line.firstIndex(of: ":") else { return false }
            let name = line[..<colon].trimmingASCIISpaces()
            let value = line[line.index(after: colon)...].trimmingASCIISpaces()
            return name.lowercased() == "sec-gpc" && value == "1"
        }
    }

    /// Whether a raw header block (lines separated by CRLF or LF) carries the preference.
    public static func isRequested(headers: String) -> Bool {
        isRequested(headerLines: headers.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }))
    }

    /// The members of a `/.well-known/gpc.json` resource.
    public struct Resource: Hashable, Sendable {
        /// `true` or `false` when the site states its support; `nil` when the member is missing or
        /// not a Boolean (support unknown).
        public var gpc: Bool?
        /// The `lastUpdate` date text, when present.
        public var lastUpdate: String?

        /// Reads the resource's JSON text.
        public init(json text: String) throws {
            let document = try JSONValue(parsing: text)
            guard case .object = document else {
                throw ConsentStringError(.invalidJSON, "gpc.json must be a JSON object")
            }
            if case .bool(let flag)? = document["gpc"] { gpc = flag }
            if case .string(let date)? = document["lastUpdate"] { lastUpdate = date }
        }

        /// `{"gpc": …, "lastUpdate": …}` with `lastUpdate` only when present.
        public var json: JSONValue {
            var members: [String: JSONValue] = ["gpc": gpc.map(JSONValue.bool) ?? .null]
            if let lastUpdate { members["lastUpdate"] = .string(lastUpdate) }
            return .object(members)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and horizontal tabs (HTTP optional whitespace).
    func trimmingASCIISpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
