import Synchronization

/// How busy consent writes keep the database writer: the share of the last `window` of wall time that group
/// commit spent in its transactions (fsync included). Fed with each batch's duration (the committer's observer);
/// read by background work that should give way to consent writes while they saturate the writer
/// (`DeliveryYield`). Time is passed in, so the arithmetic is tested without waiting.
public final class WriteLoad: Sendable {
    private struct Ring {
        /// For each slot, the number of the period it holds (its start divided by the slot length) and the busy
        /// nanoseconds recorded in it.
        var period: [Int64]
        var busy: [Int64]
    }

    private let ring: Mutex<Ring>
    private let slotNanoseconds: Int64
    private let reference: ContinuousClock.Instant

    /// A load measured over the last `window`, in `slots` steps (the window slides one slot at a time).
    public init(window: Duration = .seconds(1), slots: Int = 10, reference: ContinuousClock.Instant = .now) {
        let count = max(1, slots)
        self.slotNanoseconds = max(1, Self.nanoseconds(window) / Int64(count))
        self.reference = reference
        self.ring = Mutex(Ring(period: Array(repeating: -1, count: count), busy: Array(repeating: 0, count: count)))
    }

    /// A commit of `duration` that ended at `end`; counted whole in the slot it ended in.
    public func record(_ duration: Duration, endingAt end: ContinuousClock.Instant = .now) {
        let period = self.period(of: end)
        let busy = max(0, Self.nanoseconds(duration))
        ring.withLock { ring in
            let slot = Int(period % Int64(ring.period.count))
            if ring.period[slot] != period {
                ring.period[slot] = period
                ring.busy[slot] = 0
            }
            ring.busy[slot] += busy
        }
    }

    /// The busy share of the window ending at `now`, from 0 (idle) up (above 1 only when commits overlapped, as
    /// several instances' would not here: one writer commits at a time).
    public func utilisation(at now: ContinuousClock.Instant = .now) -> Double {
        let current = period(of: now)
        return ring.withLock { ring in
            let oldest = current - Int64(ring.period.count) + 1
            var busy: Int64 = 0
            for (slot, period) in ring.period.enumerated() where period >= oldest && period <= current { busy += ring.busy[slot] }
            return Double(busy) / Double(slotNanoseconds * Int64(ring.period.count))
        }
    }

    private func period(of instant: ContinuousClock.Instant) -> Int64 {
        max(0, Self.nanoseconds(instant - reference)) / slotNanoseconds
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
