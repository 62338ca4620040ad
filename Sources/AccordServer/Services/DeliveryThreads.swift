import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Threads of their own, at a lower CPU priority (a higher nice value) than the server's, for background sending:
/// a `TaskExecutor` that webhook delivery's workers prefer, so their work (rendering, signing, the store reads, the
/// HTTP client's part) yields the processor to consent writes and checks when both want it, and takes whatever is
/// idle otherwise. On Linux the nice value is per thread; elsewhere the threads run at the process's priority.
///
/// Nothing waits on these threads while holding anything the requests need: a read holds one of the pool's
/// readers for microseconds, and writes run on the store's own writer.
public final class DeliveryThreads: TaskExecutor, @unchecked Sendable {
    // `@unchecked`: `jobs` and `stopped` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopped = false
    /// How much lower than the process's the threads' priority is (added to the nice value, at most 19).
    public let nice: Int32

    /// `count` threads, `nice` steps below the process's priority.
    public init(count: Int = 2, nice: Int32) {
        self.nice = nice
        for index in 0..<max(1, count) {
            let thread = Thread { [self] in run() }
            thread.name = "accord-delivery-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once their queue is empty; call when no task prefers this executor any more.
    public func shutdown() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        Self.lowerPriority(by: nice)
        while let job = next() {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if stopped { return nil }
            condition.wait()
        }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        }
        return job
    }

    /// Adds `nice` to the calling thread's nice value (Linux: per thread).
    static func lowerPriority(by nice: Int32) {
        #if canImport(Glibc)
            let which = __priority_which_t(PRIO_PROCESS.rawValue)
            errno = 0
            let current = getpriority(which, 0)
            guard errno == 0 else { return }
            _ = setpriority(which, 0, min(19, current + nice))
        #endif
    }

    /// The calling thread's nice value (Linux), for tests.
    static func currentNice() -> Int32? {
        #if canImport(Glibc)
            errno = 0
            let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            return errno == 0 ? value : nil
        #else
            return nil
        #endif
    }
}
