import AccordCore
import Foundation
import Testing

@Suite struct ExtensionDecisionTests {
    let berlin = Day.calendar("Europe/Berlin")

    @Test func gdprExtensionFromThirtyFirstJanuaryEndsThreeMonthsAfterReceipt() throws {
        let clock = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2026-01-31", "Europe/Berlin"))
        // Original: Saturday 28 February → Monday 2 March; notice on that Monday is still in time.
        let extended = try RequestDeadlines.extend(clock, reason: "complex", at: Day.noon("2026-03-02", "Europe/Berlin"), calendar: berlin).get()
        let deadlines = try RequestDeadlines.of(extended, berlin)
        #expect(deadlines.dueDate == day("2026-03-02"))
        #expect(deadlines.extendedDueDate == day("2026-04-30"), "31 January + 3 months, clamped; a Thursday")
    }

    @Test func anExtensionAfterTheOriginalDeadlineIsRefused() {
        let clock = RequestClock(law: LawTable.gdpr.id, type: .access, receivedAt: Day.noon("2026-01-31", "Europe/Berlin"))
        let late = RequestDeadlines.extend(clock, reason: "complex", at: Day.noon("2026-03-03", "Europe/Berlin"), calendar: berlin)
        #expect(late == .failure(.windowClosed(closedAt: day("2026-03-02"))))
    }

    @Test func aSecondExtensionIsRefused() throws {
        let clock = RequestClock(law: LawTable.ccpa.id, type: .deletion, receivedAt: Day.noon("2026-03-02"))
        let once = try RequestDeadlines.extend(clock, reason: "backups", at: Day.noon("2026-03-20"), calendar: Day.calendar()).get()
        let twice = RequestDeadlines.extend(once, reason: "still backups", at: Day.noon("2026-03-21"), calendar: Day.calendar())
        #expect(twice == .failure(.alreadyExtended(count: 1)))
        #expect(twice.refusal?.message == "the request was already extended; the law allows one extension")
    }

    @Test func ccpaOptOutCannotBeExtended() {
        let clock = RequestClock(law: LawTable.ccpa.id, type: .optOut, receivedAt: Day.noon("2026-03-02"))
        let result = RequestDeadlines.extend(clock, reason: "busy", at: Day.noon("2026-03-03"), calendar: Day.calendar())
        #expect(result == .failure(.notAllowedForType(.optOut, LawTable.ccpa.id)))
    }

    @Test func aBlankReasonIsRefusedWhereTheLawWantsOne() {
        let clock = RequestClock(law: LawTable.pipeda.id, type: .access, receivedAt: Day.noon("2026-03-02"))
        let result = RequestDeadlines.extend(clock, reason: "  \n", at: Day.noon("2026-03-03"), calendar: Day.calendar())
        #expect(result == .failure(.reasonRequired))
    }

    @Test func ukExtensionWindowIncludesThePausedDays() throws {
        let london = Day.calendar("Europe/London")
        let pause = PausedInterval(from: Day.noon("2026-01-10", "Europe/London"), until: Day.noon("2026-01-20", "Europe/London"))
        let clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: Day.noon("2026-01-05", "Europe/London"), pauses: [pause])
        // Without the pause the window would have closed on 5 February; with it, on Monday 16 February.
        let extended = try RequestDeadlines.extend(clock, reason: "complex", at: Day.noon("2026-02-12", "Europe/London"), calendar: london).get()
        let deadlines = try RequestDeadlines.of(extended, london)
        #expect(deadlines.extendedDueDate == day("2026-04-15"), "5 January + 3 months + 10 days, a Wednesday")
    }

    @Test func appealsRunOnTheirOwnClock() throws {
        let received = Day.noon("2026-03-02")
        #expect(try RequestDeadlines.of(RequestClock(law: Law.ID("us-va"), type: .appeal, receivedAt: received)).dueDate == day("2026-05-01"))
        #expect(try RequestDeadlines.of(RequestClock(law: Law.ID("us-or"), type: .appeal, receivedAt: received)).dueDate == day("2026-04-16"))
        let colorado = RequestClock(law: Law.ID("us-co"), type: .appeal, receivedAt: received)
        let extended = try RequestDeadlines.extend(colorado, reason: "complex", at: Day.noon("2026-03-05"), calendar: Day.calendar()).get()
        #expect(try RequestDeadlines.of(extended).extendedDueDate == day("2026-06-15"), "45 + 60 days")
        let virginia = RequestClock(law: Law.ID("us-va"), type: .appeal, receivedAt: received)
        #expect(
            RequestDeadlines.extend(virginia, reason: "x", at: received, calendar: Day.calendar())
                == .failure(.notAllowedForType(.appeal, Law.ID("us-va"))))
        #expect(throws: DeadlineError.typeNotCovered(.appeal, Law.ID("us-ut"))) {
            try RequestDeadlines.of(RequestClock(law: Law.ID("us-ut"), type: .appeal, receivedAt: received))
        }
    }

    @Test func appealWindowsComeFromTheLawOrTheCallersReasonablePeriod() {
        let decided = Day.noon("2026-03-02")
        let utc = TimeZone(identifier: "UTC")!
        #expect(
            RequestDeadlines.appealWindowEnd(law: LawTable.quebecLaw25, decidedAt: decided, calendar: Day.calendar())
                == day("2026-04-01").end(in: utc))
        #expect(
            RequestDeadlines.appealWindowEnd(
                law: LawTable.law(id: Law.ID("us-va"))!, decidedAt: decided, calendar: Day.calendar(), reasonablePeriod: .calendarDays(30))
                == day("2026-04-01").end(in: utc))
        #expect(RequestDeadlines.appealWindowEnd(law: LawTable.gdpr, decidedAt: decided, calendar: Day.calendar()) == nil)
        #expect(RequestDeadlines.appealWindowEnd(law: LawTable.ccpa, decidedAt: decided, calendar: Day.calendar()) == nil)
    }

    @Test func holidayListsParseAndNameTheBadEntry() throws {
        let parsed = try HolidayCalendar.parse(["2026-12-25", "2026-12-26"]).get()
        #expect(parsed.dates == [day("2026-12-25"), day("2026-12-26")])
        #expect(throws: HolidayCalendar.InvalidHoliday(index: 1, text: "2026-02-30")) {
            try HolidayCalendar.parse(["2026-12-25", "2026-02-30"]).get()
        }
        let json = try JSONEncoder().encode(parsed)
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-12-25","2026-12-26"]"#)
    }
}

extension Result where Failure == ExtensionRefusal {
    var refusal: ExtensionRefusal? {
        if case .failure(let refusal) = self { return refusal }
        return nil
    }
}
