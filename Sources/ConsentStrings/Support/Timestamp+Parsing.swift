extension Timestamp {
    /// Parses ISO 8601 UTC text of the form `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    ///
    /// Fractions finer than a decisecond are truncated. A month, day, hour, minute or second out of its
    /// range (`2025-02-30`, `24:00:00`, a leap second) is refused rather than carried into the next unit.
    public init(iso8601 text: String) throws {
        let units = Array(text.utf8)
        func number(_ range: Range<Int>) throws -> Int {
            guard range.upperBound <= units.count else { throw Self.invalid(text) }
            var value = 0
            for unit in units[range] {
                guard (48...57).contains(unit) else { throw Self.invalid(text) }
                value = value * 10 + Int(unit - 48)
            }
            return value
        }
        guard units.count >= 20, units[4] == 45, units[7] == 45, units[10] == 84, units[13] == 58,
            units[16] == 58, units.last == 90
        else { throw Self.invalid(text) }
        var decisecond = 0
        if units[19] == 46 {
            guard units.count >= 22 else { throw Self.invalid(text) }
            decisecond = try number(20..<21)
            _ = try number(20..<(units.count - 1))
        } else if units.count != 20 {
            throw Self.invalid(text)
        }
        let (year, month, day) = (try number(0..<4), try number(5..<7), try number(8..<10))
        let (hour, minute, second) = (try number(11..<13), try number(14..<16), try number(17..<19))
        guard (1...12).contains(month), (1...Self.daysIn(month: month, of: year)).contains(day), hour < 24, minute < 60,
            second < 60
        else { throw Self.invalid(text) }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, decisecond: decisecond)
    }

    private static func daysIn(month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func invalid(_ text: String) -> ConsentStringError {
        ConsentStringError(.invalidValue, "'\(text)' is not an ISO 8601 UTC date-time")
    }
}
