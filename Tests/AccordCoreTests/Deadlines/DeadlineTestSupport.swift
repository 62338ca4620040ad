import AccordCore
import Foundation

/// Helpers for the deadline tests: local dates and instants written the way a person would check them by hand.
/// `day("2026-03-02")`.
func day(_ text: String) -> LocalDate { LocalDate(text)! }

enum Day {
    /// Noon of that day in a zone: a receipt time that no zone offset moves to another day.
    static func noon(_ text: String, _ zone: String = "UTC") -> Date {
        LocalDate(text)!.start(in: TimeZone(identifier: zone)!).addingTimeInterval(12 * 3600)
    }

    /// A calendar in a zone with holidays.
    static func calendar(_ zone: String = "UTC", holidays: [String] = []) -> DeadlineCalendar {
        DeadlineCalendar(timeZone: TimeZone(identifier: zone)!, holidays: HolidayCalendar(dates: Set(holidays.map { LocalDate($0)! })))
    }
}

extension RequestDeadlines {
    /// Deadlines for a clock, or a failed expectation's crash.
    static func of(_ clock: RequestClock, _ calendar: DeadlineCalendar = Day.calendar(), now: Date? = nil) throws -> RequestDeadlines {
        try compute(clock, calendar: calendar, now: now ?? clock.receivedAt)
    }
}
