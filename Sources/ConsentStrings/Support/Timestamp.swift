/// A TCF time stamp: deciseconds since 1970-01-01T00:00:00Z, the unit of the 36-bit `Created` and
/// `LastUpdated` fields.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Deciseconds since the Unix epoch.
    public var deciseconds: Int

    /// Creates a time stamp from deciseconds since the Unix epoch.
    public init(deciseconds: Int) { self.deciseconds = deciseconds }

    /// Creates a time stamp from a UTC calendar date and time.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, decisecond: Int = 0) {
        let days = Self.days(year: year, month: month, day: day)
        deciseconds = ((days * 24 + hour) * 60 + minute) * 600 + second * 10 + decisecond
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.deciseconds < rhs.deciseconds }

    /// ISO 8601 in UTC with milliseconds, e.g. `2025-06-03T00:00:00.000Z`.
    public var iso8601: String {
        let total = deciseconds.quotientAndRemainder(dividingBy: 864_000)
        var days = total.quotient
        var rest = total.remainder
        if rest < 0 {
            rest += 864_000
            days -= 1
        }
        let (year, month, day) = Self.civil(days: days)
        let hour = rest / 36_000, minute = rest / 600 % 60, second = rest / 10 % 60, tenth = rest % 10
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):"
            + "\(pad(second, 2)).\(tenth)00Z"
    }

    public var description: String { iso8601 }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (`civil_from_days`).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
