import Foundation

extension Date {
    /// Milliseconds since the Unix epoch: how times are stored and hashed, exact and portable.
    /// Rounded to the nearest millisecond: a `Date` made from whole milliseconds is a binary fraction that
    /// may sit just below them, and rounding down would lose one.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The time `milliseconds` after the Unix epoch (before it when negative): the inverse of `millisecondsSince1970`.
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

    /// Parses an RFC 3339 time, with or without fractional seconds. Only four-digit years, and only times whose
    /// UTC form has one too: Foundation also reads `10000-01-01T00:00:00Z`, which `rfc3339` would then echo in a
    /// form that is not RFC 3339 (and other parsers refuse).
    public init?(rfc3339 text: String) {
        let year = text.utf8.prefix(5)
        guard year.count == 5, year.dropLast().allSatisfy({ (0x30...0x39).contains($0) }), year.last == UInt8(ascii: "-")
        else { return nil }
        guard let date = (try? Date(text, strategy: Self.rfc3339Style)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle())),
            date <= Self.latest
        else { return nil }
        // Before 1600 calendars differ (Foundation's is Julian before 1582): ask the formatter itself.
        if date < Self.since1600 {
            let echoed = date.rfc3339.utf8
            guard echoed.count == 24, echoed.prefix(4).allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        }
        self = date
    }

    /// 9999-12-31T23:59:59.999Z and 1600-01-01T00:00:00.000Z, in milliseconds since 1970.
    private static let latest = Date(millisecondsSince1970: 253_402_300_799_999)
    private static let since1600 = Date(millisecondsSince1970: -11_676_096_000_000)

    private static let rfc3339Style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let wholeSecondsStyle = Date.ISO8601FormatStyle(timeZone: .gmt)
}

extension Duration {
    /// The duration in whole milliseconds.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
