import Foundation

/// Why the clock of a request cannot be stopped or started again.
public enum PauseRefusal: Error, Hashable, Sendable {
    /// The law does not stop the clock while the controller waits for the requester (only UK GDPR does).
    case notAllowedByLaw(Law.ID)
    /// The clock is already stopped.
    case alreadyPaused
    /// The clock is running: there is nothing to resume.
    case notPaused
    /// The deadline in force passed before the controller asked: a stop cannot revive it.
    case deadlinePassed(LocalDate)
    /// The clock names an unknown law or a type it does not cover.
    case deadline(DeadlineError)

    /// One line for the API's 409.
    public var message: String {
        switch self {
        case .notAllowedByLaw(let law):
            "\(LawTable.law(id: law)?.name ?? law.rawValue) does not stop the clock while waiting for the requester"
        case .alreadyPaused: "the clock is already stopped: resume it when the requester answers"
        case .notPaused: "the clock is running: there is no pause to end"
        case .deadlinePassed(let day): "the deadline passed on \(day.description): the clock can no longer be stopped"
        case .deadline(let error): "\(error)"
        }
    }
}

extension RequestDeadlines {
    /// Stops the clock at `now` because the controller asked the requester for something it needs (ICO: "stop the
    /// clock" while waiting for clarification or proof of identity): the clock with an open `PausedInterval`
    /// appended. `compute` then moves the due date on by every local day the pause lasts.
    ///
    /// Refused under a law without stop-the-clock, while already stopped, and once the deadline in force has passed.
    public static func pause(_ clock: RequestClock, at now: Date, calendar: DeadlineCalendar) -> Result<RequestClock, PauseRefusal> {
        guard let law = LawTable.law(id: clock.law) else { return .failure(.deadline(.unknownLaw(clock.law))) }
        guard law.stopsTheClock else { return .failure(.notAllowedByLaw(law.id)) }
        guard !clock.pauses.contains(where: { $0.until == nil }) else { return .failure(.alreadyPaused) }
        let deadlines: RequestDeadlines
        do { deadlines = try compute(clock, calendar: calendar, now: now) } catch { return .failure(.deadline(error)) }
        guard now <= deadlines.effectiveDueAt else { return .failure(.deadlinePassed(deadlines.effectiveDueDate)) }
        var paused = clock
        paused.pauses.append(PausedInterval(from: max(now, clock.receivedAt)))
        return .success(paused)
    }

    /// Starts the clock again at `now`, when the requester answered: the open pause is closed. The days it lasted
    /// (from the day asked up to, not including, the day answered, in the property's zone) stay added to the
    /// deadline.
    public static func resume(_ clock: RequestClock, at now: Date, calendar: DeadlineCalendar) -> Result<RequestClock, PauseRefusal> {
        guard let index = clock.pauses.lastIndex(where: { $0.until == nil }) else { return .failure(.notPaused) }
        var resumed = clock
        resumed.pauses[index].until = max(now, clock.pauses[index].from)
        return .success(resumed)
    }
}
