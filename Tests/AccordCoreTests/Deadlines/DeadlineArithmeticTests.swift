import AccordCore
import Foundation
import Testing

@Suite struct DeadlineArithmeticTests {
    @Test func oneMonthFromThirtyFirstJanuaryIsTheLastDayOfFebruary() throws {
        let gdpr = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2025-01-31", "Europe/Berlin"))
        #expect(try RequestDeadlines.of(gdpr, Day.calendar("Europe/Berlin")).dueDate == day("2025-02-28"), "a Friday")
        let leap = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2028-01-31", "Europe/Berlin"))
        #expect(try RequestDeadlines.of(leap, Day.calendar("Europe/Berlin")).dueDate == day("2028-02-29"), "a Tuesday")
    }

    @Test func monthArithmeticClampsAndCrossesYears() {
        #expect(day("2026-03-31").adding(months: 1) == day("2026-04-30"))
        #expect(day("2026-12-15").adding(months: 1) == day("2027-01-15"))
        #expect(day("2026-11-30").adding(months: 3) == day("2027-02-28"))
        #expect(day("2026-01-15").adding(months: -1) == day("2025-12-15"))
    }

    @Test func gdprDeadlineOnASaturdayMovesToMonday() throws {
        // 14 February 2026 + 1 month = Saturday 14 March.
        let clock = RequestClock(law: LawTable.gdpr.id, type: .deletion, receivedAt: Day.noon("2026-02-14", "Europe/Paris"))
        #expect(try RequestDeadlines.of(clock, Day.calendar("Europe/Paris")).dueDate == day("2026-03-16"))
    }

    @Test func gdprDeadlineOnAHolidayMovesToTheNextWorkingDay() throws {
        // 25 November + 1 month = Friday 25 December (holiday), 26 December a holiday and a Saturday, then Sunday.
        let calendar = Day.calendar("Europe/Berlin", holidays: ["2026-12-25", "2026-12-26"])
        let clock = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2026-11-25", "Europe/Berlin"))
        #expect(try RequestDeadlines.of(clock, calendar).dueDate == day("2026-12-28"))
        #expect(try RequestDeadlines.of(clock, Day.calendar("Europe/Berlin")).dueDate == day("2026-12-25"), "not listed: a Friday like any other")
    }

    @Test func ccpaDeadlineOnAWeekendStaysOnIt() throws {
        // 45 days from Wednesday 4 March 2026 is Saturday 18 April: the CCPA moves nothing.
        let clock = RequestClock(law: LawTable.ccpa.id, type: .deletion, receivedAt: Day.noon("2026-03-04", "America/Los_Angeles"))
        #expect(try RequestDeadlines.of(clock, Day.calendar("America/Los_Angeles")).dueDate == day("2026-04-18"))
    }

    @Test func ccpaAcknowledgementAndOptOutCountBusinessDaysSkippingHolidays() throws {
        let calendar = Day.calendar("America/Los_Angeles", holidays: ["2026-03-31"])  // César Chávez Day
        let access = RequestClock(law: LawTable.ccpa.id, type: .access, receivedAt: Day.noon("2026-03-20", "America/Los_Angeles"))
        let deadlines = try RequestDeadlines.of(access, calendar)
        // Friday 20 March: 23, 24, 25, 26, 27, 30, (31 holiday), 1, 2, 3 April, then Monday 6 April is the tenth.
        #expect(deadlines.acknowledgeBy == day("2026-04-06").end(in: calendar.timeZone))
        let optOut = RequestClock(law: LawTable.ccpa.id, type: .optOut, receivedAt: Day.noon("2026-03-02", "America/Los_Angeles"))
        let optOutDeadlines = try RequestDeadlines.of(optOut, calendar)
        #expect(optOutDeadlines.dueDate == day("2026-03-23"), "15 business days from Monday 2 March")
        #expect(optOutDeadlines.acknowledgeBy == nil, "§7021 asks no acknowledgement of an opt-out")
    }

    @Test func ukPausedIntervalPushesTheDeadlineBackThenOffTheWeekend() throws {
        // 5 January + 1 month = 5 February; asked on the 10th, answered on the 20th: 10 days → Sunday 15 February → Monday.
        let calendar = Day.calendar("Europe/London")
        let pause = PausedInterval(from: Day.noon("2026-01-10", "Europe/London"), until: Day.noon("2026-01-20", "Europe/London"))
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-01-05", "Europe/London"), pauses: [pause])
        let deadlines = try RequestDeadlines.of(clock, calendar)
        #expect(deadlines.pausedDays == 10)
        #expect(deadlines.dueDate == day("2026-02-16"))
        #expect(!deadlines.paused)
    }

    @Test func anOpenPauseCountsUpToTodayAndOverlapsCountOnce() throws {
        let calendar = Day.calendar("Europe/London")
        let pauses = [
            PausedInterval(from: Day.noon("2026-01-10", "Europe/London"), until: Day.noon("2026-01-15", "Europe/London")),
            PausedInterval(from: Day.noon("2026-01-12", "Europe/London")),
        ]
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-01-05", "Europe/London"), pauses: pauses)
        let deadlines = try RequestDeadlines.compute(clock, calendar: calendar, now: Day.noon("2026-01-17", "Europe/London"))
        #expect(deadlines.paused)
        #expect(deadlines.pausedDays == 7, "10 to 16 January")
        #expect(deadlines.dueDate == day("2026-02-12"))
    }

    @Test func pausesDoNotMoveDeadlinesUnderLawsThatDoNotStopTheClock() throws {
        let pause = PausedInterval(from: Day.noon("2026-03-05"), until: Day.noon("2026-03-15"))
        let clock = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2026-03-02"), pauses: [pause])
        let deadlines = try RequestDeadlines.of(clock)
        #expect(deadlines.pausedDays == 0)
        #expect(deadlines.dueDate == day("2026-04-02"))
    }

    @Test func receiptIsCountedOnThePropertysCalendarDay() throws {
        // 07:30 UTC on 2 March is 23:30 on 1 March in Los Angeles: received the 1st, due 45 days later, 15 April.
        let receivedAt = Day.noon("2026-03-02").addingTimeInterval(-4.5 * 3600)
        let calendar = Day.calendar("America/Los_Angeles")
        let deadlines = try RequestDeadlines.of(RequestClock(law: LawTable.ccpa.id, type: .access, receivedAt: receivedAt), calendar)
        #expect(deadlines.dueDate == day("2026-04-15"))
        #expect(deadlines.dueAt == ISO8601DateFormatter().date(from: "2026-04-16T06:59:59Z"), "23:59:59 PDT")
    }

    @Test func daysLeftAndOverdueFollowTheDeadlineInForce() throws {
        let clock = RequestClock(law: LawTable.lgpd.id, type: .access, receivedAt: Day.noon("2026-03-02"))
        let deadlines = try RequestDeadlines.of(clock)
        let calendar = Day.calendar()
        #expect(deadlines.daysLeft(at: Day.noon("2026-03-10"), calendar: calendar) == 7)
        #expect(deadlines.daysLeft(at: Day.noon("2026-03-17"), calendar: calendar) == 0)
        #expect(!deadlines.isOverdue(at: Day.noon("2026-03-17")))
        #expect(deadlines.isOverdue(at: Day.noon("2026-03-18")))
        #expect(deadlines.daysLeft(at: Day.noon("2026-03-20"), calendar: calendar) == -3)
    }

    @Test func typesALawDoesNotCoverHaveNoDeadline() {
        let clock = RequestClock(law: LawTable.gdpr.id, type: .limitSensitive, receivedAt: Day.noon("2026-03-02"))
        #expect(throws: DeadlineError.typeNotCovered(.limitSensitive, LawTable.gdpr.id)) { try RequestDeadlines.of(clock) }
        let unknown = RequestClock(law: Law.ID("nope"), type: .access, receivedAt: Day.noon("2026-03-02"))
        #expect(throws: DeadlineError.unknownLaw(Law.ID("nope"))) { try RequestDeadlines.of(unknown) }
    }
}

@Suite struct LocalDateTests {
    @Test func dayNumbersRoundTripAndWeekdaysAreRight() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1970-01-01").isoWeekday == 4, "a Thursday")
        #expect(day("2026-11-30").isoWeekday == 1, "a Monday")
        #expect(day("1969-12-31").dayNumber == -1)
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(dayNumber: number).dayNumber == number)
        }
        #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2028, month: 2, day: 29) != nil)
        #expect(LocalDate("2026-1-05") == nil)
    }

    @Test func theLocalDateOfAnInstantDependsOnTheZone() {
        let instant = ISO8601DateFormatter().date(from: "2026-03-02T07:30:00Z")!
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!) == day("2026-03-02"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "America/Los_Angeles")!) == day("2026-03-01"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "Pacific/Auckland")!) == day("2026-03-02"))
    }
}
