import AccordCore
import Foundation
import Testing

/// Due dates computed by hand from the US state figures that were read in the statute's own words (each row's
/// comment in `LawTable+USStates.swift` quotes the phrase): the appeal's decision period, the response period with
/// its one extension, and the extension notice due "within the initial ... response period, together with the
/// reason". Unless a test says otherwise, a request is received on Monday 2 March 2026 (UTC).
@Suite struct USStateStatuteTextTests {
    static let received = Day.noon("2026-03-02")

    /// An appeal received on 2 March: 45 days end on 16 April, 60 days on 1 May (29 left in March, 30 in April).
    static let appealDueDates: [(String, String)] = [
        ("us-va", "2026-05-01"), ("us-ct", "2026-05-01"), ("us-de", "2026-05-01"), ("us-ne", "2026-05-01"),
        ("us-ia", "2026-05-01"),  // Iowa Code §715D.3(3): "Within sixty days of receipt of an appeal"
        ("us-in", "2026-05-01"),  // IC 24-15-3-1(d): "Not later than sixty (60) days after receipt of an appeal"
        ("us-md", "2026-05-01"),  // Com. Law §14-4705(f)(3): "Not later than 60 days after receiving an appeal"
        ("us-ky", "2026-05-01"),  // KRS 367.3615(4): "Within sixty (60) days of receipt of an appeal"
        ("us-co", "2026-04-16"),  // C.R.S. §6-1-1306(3): "within forty-five days after receipt of an appeal"
    ]

    @Test(arguments: appealDueDates)
    func anAppealIsDecidedByTheDayTheStatuteSets(law: String, due: String) throws {
        let deadlines = try RequestDeadlines.of(RequestClock(law: Law.ID(law), type: .appeal, receivedAt: Self.received))
        #expect(deadlines.dueDate == day(due))
        #expect(deadlines.dueAt == day(due).end(in: TimeZone(identifier: "UTC")!))
    }

    /// The rows whose response period and extension were read: (law, last day of the initial period, last day once
    /// extended). 45 days end on 16 April and 90 on 31 May; 45 more end on 31 May and on 15 July.
    static let responseWindows: [(String, String, String)] = [
        ("us-va", "2026-04-16", "2026-05-31"), ("us-de", "2026-04-16", "2026-05-31"),
        ("us-co", "2026-04-16", "2026-05-31"), ("us-ct", "2026-04-16", "2026-05-31"),
        ("us-ut", "2026-04-16", "2026-05-31"), ("us-tx", "2026-04-16", "2026-05-31"),
        ("us-mt", "2026-04-16", "2026-05-31"), ("us-ia", "2026-05-31", "2026-07-15"),
        ("us-nj", "2026-04-16", "2026-05-31"), ("us-tn", "2026-04-16", "2026-05-31"),
        ("us-mn", "2026-04-16", "2026-05-31"), ("us-md", "2026-04-16", "2026-05-31"),
        ("us-in", "2026-04-16", "2026-05-31"), ("us-ri", "2026-04-16", "2026-05-31"),
    ]

    @Test(arguments: responseWindows)
    func anExtensionNoticedOnTheLastDayOfTheInitialPeriodIsGrantedAndOneDayLaterRefused(
        law: String, initialEnd: String, extendedEnd: String
    ) throws {
        let clock = RequestClock(law: Law.ID(law), type: .deletion, receivedAt: Self.received)
        #expect(try RequestDeadlines.of(clock).dueDate == day(initialEnd))
        let onTheLastDay = try RequestDeadlines.extend(clock, reason: "backups", at: Day.noon(initialEnd), calendar: Day.calendar()).get()
        #expect(try RequestDeadlines.of(onTheLastDay).extendedDueDate == day(extendedEnd))
        let dayAfter = Day.noon(initialEnd).addingTimeInterval(24 * 3600)
        #expect(
            RequestDeadlines.extend(clock, reason: "backups", at: dayAfter, calendar: Day.calendar())
                == .failure(.windowClosed(closedAt: day(initialEnd))))
    }

    @Test(arguments: responseWindows.map(\.0))
    func anExtensionWithoutItsReasonIsRefused(law: String) {
        let clock = RequestClock(law: Law.ID(law), type: .access, receivedAt: Self.received)
        #expect(RequestDeadlines.extend(clock, reason: " ", at: Self.received, calendar: Day.calendar()) == .failure(.reasonRequired))
    }

    @Test func utahAnswersACorrectionLikeItsOtherRightsButHearsNoAppeal() throws {
        // Utah Code §13-61-201(4) (in force 1 July 2026): "the right to request that a controller correct
        // inaccuracies"; §13-61-203(2): 45 days, once extendable by 45. A correction received on Thursday 2 July 2026
        // is due on 16 August (29 days left in July, 16 in August) and, extended, on 30 September (15 + 30).
        let received = Day.noon("2026-07-02")
        let correction = RequestClock(law: Law.ID("us-ut"), type: .correction, receivedAt: received)
        #expect(try RequestDeadlines.of(correction).dueDate == day("2026-08-16"))
        let extended = try RequestDeadlines.extend(correction, reason: "archives", at: Day.noon("2026-08-16"), calendar: Day.calendar()).get()
        #expect(try RequestDeadlines.of(extended).extendedDueDate == day("2026-09-30"))
        #expect(throws: DeadlineError.typeNotCovered(.appeal, Law.ID("us-ut"))) {
            try RequestDeadlines.of(RequestClock(law: Law.ID("us-ut"), type: .appeal, receivedAt: received))
        }
    }

    @Test func iowaAloneGivesNinetyDaysAndNoRightToCorrect() throws {
        // Iowa Code §715D.3(2)(a): "within ninety days of receipt"; §715D.3(1) lists access, deletion, a copy and
        // the sale opt-out, no correction. An extension noticed on day 60 is still inside Iowa's first period.
        let iowa = RequestClock(law: Law.ID("us-ia"), type: .access, receivedAt: Self.received)
        let extended = try RequestDeadlines.extend(iowa, reason: "archives", at: Day.noon("2026-05-01"), calendar: Day.calendar()).get()
        #expect(try RequestDeadlines.of(extended).extendedDueDate == day("2026-07-15"))
        #expect(throws: DeadlineError.typeNotCovered(.correction, Law.ID("us-ia"))) {
            try RequestDeadlines.of(RequestClock(law: Law.ID("us-ia"), type: .correction, receivedAt: Self.received))
        }
    }
}
