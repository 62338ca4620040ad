import AccordCore
import Foundation
import Testing

@Suite struct RetryScheduleTests {
    let schedule = RetrySchedule.standard
    let first = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func ceilingsDoubleFromFiveSecondsUpToTheCap() {
        #expect(schedule.ceiling(after: 1) == 5)
        #expect(schedule.ceiling(after: 2) == 10)
        #expect(schedule.ceiling(after: 5) == 80)
        #expect(schedule.ceiling(after: 30) == 12 * 3600)
    }

    @Test func fullJitterDrawsTheWaitBelowTheCeiling() {
        #expect(schedule.next(after: 3, first: first, now: first, jitter: 0.5) == first.addingTimeInterval(10))
        #expect(schedule.next(after: 3, first: first, now: first, jitter: 0) == first.addingTimeInterval(1), "at least a second")
    }

    @Test func theLastAttemptIsSeventyTwoHoursAfterTheFirstThenNone() {
        let late = first.addingTimeInterval(71 * 3600)
        #expect(schedule.next(after: 20, first: first, now: late, jitter: 0.99) == first.addingTimeInterval(72 * 3600))
        #expect(schedule.next(after: 21, first: first, now: first.addingTimeInterval(72 * 3600), jitter: 0.5) == nil)
    }

    @Test func attemptsWithMaximalWaitsEndAroundSeventyTwoHours() {
        var now = first
        var attempt = 1
        while let next = schedule.next(after: attempt, first: first, now: now, jitter: 1) {
            now = next
            attempt += 1
        }
        #expect(now == first.addingTimeInterval(72 * 3600))
        #expect((12...20).contains(attempt))
    }

    @Test func retryAfterReplacesTheDrawButNotTheDeadline() {
        #expect(schedule.next(after: 1, first: first, now: first, jitter: 0.1, retryAfter: 120) == first.addingTimeInterval(120))
        let near = first.addingTimeInterval(72 * 3600 - 60)
        #expect(schedule.next(after: 9, first: first, now: near, jitter: 0.1, retryAfter: 3600) == first.addingTimeInterval(72 * 3600))
        #expect(RetrySchedule.retryAfter("30", now: first) == 30)
        #expect(RetrySchedule.retryAfter("soon", now: first) == nil)
        let date = Date(timeIntervalSince1970: 1_800_000_060)
        #expect(RetrySchedule.retryAfter("Fri, 15 Jan 2027 08:00:00 GMT", now: date) != nil)
    }
}
