import Foundation

extension Date {
    /// Milliseconds since the Unix epoch: how times are stored and hashed, exact and portable.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// Truncated to whole milliseconds, the precision every backend keeps.
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-22T17:18:54.123Z`.
    public var rfc3339: String { self.formatted(Self.rfc3339Style) }

    public init?(rfc3339 text: String) {
        if let date = try? Date(text, strategy: Self.rfc3339Style) {
            self = date
        } else if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) {
            self = date
        } else {
            return nil
        }
    }

    private static let rfc3339Style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
}

extension Duration {
    /// The duration in whole milliseconds.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
