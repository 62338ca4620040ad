import Foundation

extension Property {
    /// The calendar this property's request deadlines are counted on: its `requestTimeZone` (UTC when unset) and its
    /// `requestHolidays`. Both are validated on save; a stored value that no longer parses falls back to UTC and no
    /// holidays rather than failing the request.
    public var deadlineCalendar: DeadlineCalendar {
        DeadlineCalendar(
            timeZone: requestTimeZone.flatMap(Self.deadlineZone) ?? Self.utc,
            holidays: (try? HolidayCalendar.parse(requestHolidays).get()) ?? .none)
    }

    /// The zone named `identifier` when it is an IANA identifier Foundation knows (or `UTC`/`GMT`); nil otherwise.
    /// Abbreviations (`PST`) and offsets (`GMT+2`) are refused: they do not follow daylight saving time the way the
    /// place of business does.
    public static func deadlineZone(_ identifier: String) -> TimeZone? {
        guard identifier == "UTC" || identifier == "GMT" || TimeZone.knownTimeZoneIdentifiers.contains(identifier) else {
            return nil
        }
        return TimeZone(identifier: identifier)
    }

    static let utc = TimeZone(identifier: "UTC")!
}

extension DeadlineCalendar {
    /// The zone's name as shown with dates: its IANA identifier, `UTC` for UTC (which Foundation on Linux calls `GMT`).
    public var zoneName: String {
        let identifier = timeZone.identifier
        return identifier == "GMT" ? "UTC" : identifier
    }
}
