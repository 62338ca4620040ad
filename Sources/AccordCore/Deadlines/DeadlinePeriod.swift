/// A legal time limit in one of the kinds of arithmetic the laws use (issue 13 §3).
public enum DeadlinePeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Calendar days counted from the day of receipt (day 0): received 1 March, 45 days → 15 April.
    case calendarDays(Int)
    /// Calendar months to the same date, clamped to the end of a shorter month (Reg. 1182/71 Art. 3(2)(c)):
    /// received 31 January, 1 month → 28 (or 29) February.
    case calendarMonths(Int)
    /// Working days after the day of receipt, skipping Saturdays, Sundays and the property's holidays.
    case businessDays(Int)

    /// The last day of this period started on `start`.
    public func end(from start: LocalDate, holidays: HolidayCalendar) -> LocalDate {
        switch self {
        case .calendarDays(let days): start.adding(days: days)
        case .calendarMonths(let months): start.adding(months: months)
        case .businessDays(let days): holidays.adding(businessDays: days, to: start)
        }
    }

    /// The same kind of period, lengthened by another of the same kind; nil when the kinds differ.
    public func plus(_ other: DeadlinePeriod) -> DeadlinePeriod? {
        switch (self, other) {
        case (.calendarDays(let a), .calendarDays(let b)): .calendarDays(a + b)
        case (.calendarMonths(let a), .calendarMonths(let b)): .calendarMonths(a + b)
        case (.businessDays(let a), .businessDays(let b)): .businessDays(a + b)
        default: nil
        }
    }

    /// `45 days`, `1 month`, `10 business days`.
    public var description: String {
        switch self {
        case .calendarDays(let n): n == 1 ? "1 day" : "\(n) days"
        case .calendarMonths(let n): n == 1 ? "1 month" : "\(n) months"
        case .businessDays(let n): n == 1 ? "1 business day" : "\(n) business days"
        }
    }

    private enum CodingKeys: String, CodingKey { case unit, count }
    private enum Unit: String, Codable { case calendarDays, calendarMonths, businessDays }

    /// Encoded as `{"unit": "calendarDays" | "calendarMonths" | "businessDays", "count": N}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .calendarDays(let n): try container.encode(Unit.calendarDays, forKey: .unit); try container.encode(n, forKey: .count)
        case .calendarMonths(let n): try container.encode(Unit.calendarMonths, forKey: .unit); try container.encode(n, forKey: .count)
        case .businessDays(let n): try container.encode(Unit.businessDays, forKey: .unit); try container.encode(n, forKey: .count)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let count = try container.decode(Int.self, forKey: .count)
        switch try container.decode(Unit.self, forKey: .unit) {
        case .calendarDays: self = .calendarDays(count)
        case .calendarMonths: self = .calendarMonths(count)
        case .businessDays: self = .businessDays(count)
        }
    }
}
