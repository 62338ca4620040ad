import Foundation

extension Date {
    /// Milliseconds since the Unix epoch: how times are stored and hashed, exact and portable.
    /// Rounded to the nearest millisecond: a `Date` made from whole milliseconds is a binary fraction that
    /// may sit just below them, and rounding down would lose one.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }

    /// Truncated to whole milliseconds, the precision every backend keeps.
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-22T17:18:54.123Z`.
    public var rfc3339: String {
        // Formatted from whole milliseconds: the formatter truncates binary fractions (…122999 → .122).
        let milliseconds = millisecondsSince1970
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Self.wholeSecondsStyle)
        let digits = String(fraction < 0 ? fraction + 1000 : fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

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
    private static let wholeSecondsStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
}

extension Duration {
    /// The duration in whole milliseconds.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
