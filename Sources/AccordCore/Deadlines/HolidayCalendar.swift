/// The public holidays a property's deadlines skip, as data the caller stores per property (issue 13 §3).
/// Saturdays and Sundays are never working days, whether listed or not. Encoded as a sorted list of `YYYY-MM-DD`.
public struct HolidayCalendar: Sendable, Hashable, Codable {
    /// The holidays.
    public var dates: Set<LocalDate>

    /// No holidays: weekends only.
    public static let none = HolidayCalendar(dates: [])

    public init(dates: Set<LocalDate>) { self.dates = dates }

    /// Parses `YYYY-MM-DD` strings; the failure names the first one that is not a date.
    public static func parse(_ texts: [String]) -> Result<HolidayCalendar, InvalidHoliday> {
        var dates: Set<LocalDate> = []
        for (index, text) in texts.enumerated() {
            guard let date = LocalDate(text) else { return .failure(InvalidHoliday(index: index, text: text)) }
            dates.insert(date)
        }
        return .success(HolidayCalendar(dates: dates))
    }

    /// A listed holiday or a weekend day.
    public func isNonWorkingDay(_ date: LocalDate) -> Bool { date.isWeekend || dates.contains(date) }

    /// The date itself when it is a working day, else the next working day (Reg. 1182/71 Art. 3(4)).
    public func nextWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        var day = date
        while isNonWorkingDay(day) { day = day.adding(days: 1) }
        return day
    }

    /// The `count`-th working day after `date` (the day itself never counts: day 1 is the first working day after it).
    public func adding(businessDays count: Int, to date: LocalDate) -> LocalDate {
        var day = date
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if !isNonWorkingDay(day) { left -= 1 }
        }
        return day
    }

    public init(from decoder: any Decoder) throws {
        self.dates = Set(try decoder.singleValueContainer().decode([LocalDate].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dates.sorted())
    }

    /// A holiday entry that is not a `YYYY-MM-DD` date.
    public struct InvalidHoliday: Error, Sendable, Hashable {
        /// Its position in the list given.
        public let index: Int
        /// The text given.
        public let text: String

        public init(index: Int, text: String) {
            self.index = index
            self.text = text
        }
    }
}
