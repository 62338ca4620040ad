/// When webhook delivery gives way to consent writes (`webhooks.yieldToWritesSeconds`).
///
/// Sending a webhook costs CPU and a turn of the database writer, and on a small machine both come out of the
/// consent write rate. Deliveries are durable, so they can wait: while group commit keeps the writer busy
/// (`WriteLoad.utilisation` at or above `threshold`), a worker does not claim, for at most `maximum` in all;
/// once it has waited that long it sends without waiting again until its endpoint's backlog is out (a claim
/// comes back short of a full batch), then may wait again. Nothing is dropped or reordered: the claims are the
/// same, only later, so per-subject order and `sequence` hold. A message's extra delay is at most `maximum` plus
/// the time to send what queued meanwhile.
public struct DeliveryYield: Sendable {
    /// The writer's load, as group commit reports it.
    public let load: WriteLoad
    /// The longest a worker waits for the writes to calm down before it sends anyway.
    public var maximum: Duration
    /// The writer's busy share from which delivery waits.
    public var threshold: Double
    /// How long one wait lasts before the load is looked at again.
    public var step: Duration

    /// Waiting at most `maximum` while the writer is busy `threshold` of the time or more, looking again every `step`.
    public init(load: WriteLoad, maximum: Duration, threshold: Double = 0.5, step: Duration = .milliseconds(50)) {
        self.load = load
        self.maximum = maximum
        self.threshold = threshold
        self.step = step
    }

    /// One worker's waits and catch-ups.
    public struct Progress: Sendable, Hashable {
        /// Waited since the endpoint's backlog was last seen out (or since the worker started).
        public private(set) var waited: Duration = .zero
        /// Waited `maximum` already: sending without waiting until the backlog is out.
        public private(set) var catchingUp = false

        /// Nothing waited yet.
        public init() {}

        /// Whether the worker would wait now at `utilisation`, without counting it.
        public func wouldWait(_ policy: DeliveryYield, utilisation: Double) -> Bool {
            !catchingUp && utilisation >= policy.threshold && waited < policy.maximum
        }

        /// Whether to wait one `step` now at `utilisation`, counting the wait; having waited `maximum`, it starts
        /// catching up instead.
        public mutating func shouldWait(_ policy: DeliveryYield, utilisation: Double) -> Bool {
            if catchingUp || utilisation < policy.threshold { return false }
            guard waited < policy.maximum else {
                catchingUp = true
                return false
            }
            waited += policy.step
            return true
        }

        /// A claim came back short of a full batch: the backlog is out, so a later busy spell may wait again.
        public mutating func backlogOut() {
            waited = .zero
            catchingUp = false
        }
    }
}
