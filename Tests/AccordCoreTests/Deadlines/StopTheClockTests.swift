import AccordCore
import Foundation
import Testing

/// Stop-the-clock (UK GDPR): `RequestDeadlines.pause` and `resume` decide, `compute` moves the deadline by the days paused.
@Suite struct StopTheClockTests {
    let london = Day.calendar("Europe/London")

    @Test func aPauseAndItsResumptionMoveTheDueDateByTheDaysPaused() throws {
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-03-02", "Europe/London"))
        #expect(try RequestDeadlines.of(clock, london).dueDate == day("2026-04-02"))
        let paused = try RequestDeadlines.pause(clock, at: Day.noon("2026-03-10", "Europe/London"), calendar: london).get()
        #expect(paused.pauses.count == 1 && paused.pauses[0].until == nil)
        let whilePaused = try RequestDeadlines.of(paused, london, now: Day.noon("2026-03-13", "Europe/London"))
        #expect(whilePaused.paused && whilePaused.pausedDays == 3 && whilePaused.dueDate == day("2026-04-06"), "moves day by day")
        let resumed = try RequestDeadlines.resume(paused, at: Day.noon("2026-03-20", "Europe/London"), calendar: london).get()
        let after = try RequestDeadlines.of(resumed, london, now: Day.noon("2026-05-01", "Europe/London"))
        #expect(!after.paused && after.pausedDays == 10)
        // 2 April + 10 days = 12 April, a Sunday: the next working day.
        #expect(after.dueDate == day("2026-04-13"))
    }

    @Test func lawsWithoutStopTheClockRefuseAPause() {
        for law in [LawTable.gdpr, LawTable.ccpa] {
            let clock = RequestClock(law: law.id, type: .access, receivedAt: Day.noon("2026-03-02"))
            #expect(RequestDeadlines.pause(clock, at: Day.noon("2026-03-05"), calendar: Day.calendar()) == .failure(.notAllowedByLaw(law.id)))
        }
    }

    @Test func aSecondPauseAResumeWithoutPauseAndAPauseAfterTheDeadlineAreRefused() throws {
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-03-02", "Europe/London"))
        #expect(RequestDeadlines.resume(clock, at: Day.noon("2026-03-05", "Europe/London"), calendar: london) == .failure(.notPaused))
        let paused = try RequestDeadlines.pause(clock, at: Day.noon("2026-03-05", "Europe/London"), calendar: london).get()
        #expect(RequestDeadlines.pause(paused, at: Day.noon("2026-03-06", "Europe/London"), calendar: london) == .failure(.alreadyPaused))
        let late = RequestDeadlines.pause(clock, at: Day.noon("2026-04-03", "Europe/London"), calendar: london)
        #expect(late == .failure(.deadlinePassed(day("2026-04-02"))))
        if case .failure(let refusal) = late { #expect(refusal.message.contains("2026-04-02")) }
    }

    @Test func aPausedAndResumedOnTheSameDayCostsNoDay() throws {
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-03-02", "Europe/London"))
        let start = Day.noon("2026-03-10", "Europe/London")
        let paused = try RequestDeadlines.pause(clock, at: start, calendar: london).get()
        let resumed = try RequestDeadlines.resume(paused, at: start.addingTimeInterval(3 * 3600), calendar: london).get()
        #expect(try RequestDeadlines.of(resumed, london, now: start).dueDate == day("2026-04-02"))
    }
}

/// Days counted in the property's zone (`Property.requestTimeZone`): the day of receipt and the end of the last day
/// are the zone's, across midnight and daylight saving time.
@Suite struct DeadlineTimeZoneTests {
    func at(_ text: String) -> Date { Date(rfc3339: text)! }

    @Test func aReceiptJustBeforeMidnightUTCIsTheNextDayInBerlin() throws {
        // 31 January 23:30 UTC is 1 February 00:30 in Berlin: 45 days run from another day.
        let clock = RequestClock(law: LawTable.ccpa.id, type: .access, receivedAt: at("2026-01-31T23:30:00Z"))
        let utc = try RequestDeadlines.of(clock, Day.calendar("UTC"))
        #expect(utc.dueDate == day("2026-03-17") && utc.dueAt == at("2026-03-17T23:59:59Z"), "UTC: received 31 January")
        let berlin = try RequestDeadlines.of(clock, Day.calendar("Europe/Berlin"))
        // Received 1 February: due 18 March, ending 23:59:59 CET (22:59:59 UTC).
        #expect(berlin.dueDate == day("2026-03-18"))
        #expect(berlin.dueAt == at("2026-03-18T22:59:59Z"))
    }

    @Test func aDeadlineAcrossTheSpringChangeEndsAtLocalMidnightDaylightTime() throws {
        // Los Angeles: 45 days from 20 February (PST) to 6 April (PDT, UTC-7).
        let clock = RequestClock(law: LawTable.ccpa.id, type: .access, receivedAt: at("2026-02-20T18:00:00Z"))
        let deadlines = try RequestDeadlines.of(clock, Day.calendar("America/Los_Angeles"))
        #expect(deadlines.dueDate == day("2026-04-06"))
        #expect(deadlines.dueAt == at("2026-04-07T06:59:59Z"))
        // The same instant in UTC is due a day earlier by the calendar and nine hours earlier by the clock.
        #expect(try RequestDeadlines.of(clock, Day.calendar("UTC")).dueAt == at("2026-04-06T23:59:59Z"))
    }

    @Test func aDeadlineAcrossTheAutumnChangeEndsAtLocalMidnightStandardTime() throws {
        // Berlin, GDPR: received 1 October (CEST), one month is 1 November, a Sunday: Monday 2 November, CET (UTC+1).
        let clock = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: at("2026-10-01T08:00:00Z"))
        let deadlines = try RequestDeadlines.of(clock, Day.calendar("Europe/Berlin"))
        #expect(deadlines.dueDate == day("2026-11-02"))
        #expect(deadlines.dueAt == at("2026-11-02T22:59:59Z"))
    }

    @Test func daysLeftCountsTheZonesDays() throws {
        let clock = RequestClock(law: LawTable.ccpa.id, type: .access, receivedAt: at("2026-02-20T18:00:00Z"))
        let calendar = Day.calendar("America/Los_Angeles")
        let deadlines = try RequestDeadlines.of(clock, calendar)
        // 7 April 05:00 UTC is still 6 April 22:00 in Los Angeles: the last day, not overdue.
        #expect(deadlines.daysLeft(at: at("2026-04-07T05:00:00Z"), calendar: calendar) == 0)
        #expect(!deadlines.isOverdue(at: at("2026-04-07T05:00:00Z")))
        #expect(deadlines.isOverdue(at: at("2026-04-07T07:00:00Z")))
    }

    @Test func aPropertysZoneIsItsCalendarAndOnlyIANANamesAreAccepted() throws {
        var property = Property(id: "demo", name: "Demo", allowedOrigins: [], purposes: [])
        #expect(property.deadlineCalendar.zoneName == "UTC")
        property.requestTimeZone = "America/New_York"
        property.requestHolidays = ["2026-07-03"]
        #expect(property.deadlineCalendar.timeZone.identifier == "America/New_York")
        #expect(property.deadlineCalendar.holidays.dates.contains(day("2026-07-03")))
        #expect(Property.deadlineZone("Europe/Berlin") != nil && Property.deadlineZone("UTC") != nil)
        for bad in ["PST", "GMT+2", "Mars/Olympus", "", "europe/berlin"] { #expect(Property.deadlineZone(bad) == nil, "\(bad)") }
    }
}
