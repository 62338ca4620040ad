import Foundation
import Synchronization

/// A queued e-mail as the delivery service sees it.
public struct MailJob: Hashable, Sendable {
    /// Stable across attempts: the e-mail's Message-ID is made from it.
    public var id: String
    public var request: MailRequest
    /// Attempts made before this one.
    public var attempts: Int
    /// When it was queued: retries stop some 72 hours later.
    public var queuedAt: Date

    public init(id: String, request: MailRequest, attempts: Int, queuedAt: Date) {
        self.id = id
        self.request = request
        self.attempts = attempts
        self.queuedAt = queuedAt
    }
}

/// The smallest queue mail delivery needs: jobs are claimed when due, then completed, rescheduled or given up.
/// A claimed job not finished (the process died) becomes due again after `claimLease`, so nothing is lost; it may
/// then be sent twice, which is what at-least-once means (the Message-ID stays the same).
public protocol MailJobs: MailQueue {
    /// Up to `limit` jobs due at `now`, each leased to the caller until `now + claimLease`.
    func claimMailJobs(limit: Int, now: Date) async throws -> [MailJob]
    /// The job is done (sent, or dropped for good): it is removed.
    func finishMailJob(_ id: String) async throws
    /// The job failed for a reason worth another try at `due`.
    func retryMailJob(_ id: String, at due: Date) async throws
}

/// How long a claimed job stays with its claimer before another claim may take it.
public let claimLease: TimeInterval = 300

/// Mail jobs in memory, for tests and the in-memory store: lost with the process.
public final class InMemoryMailJobs: MailJobs {
    private struct Entry {
        var job: MailJob
        var due: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let now: @Sendable () -> Date

    /// An empty queue timed by `now`.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func enqueue(_ request: MailRequest) async throws {
        let time = now()
        let id = UUID().uuidString.lowercased()
        entries.withLock { $0[id] = Entry(job: MailJob(id: id, request: request, attempts: 0, queuedAt: time), due: time) }
    }

    public func claimMailJobs(limit: Int, now: Date) async throws -> [MailJob] {
        entries.withLock { entries in
            let due = entries.values.filter { $0.due <= now }.sorted { ($0.job.queuedAt, $0.job.id) < ($1.job.queuedAt, $1.job.id) }
                .prefix(limit)
            for entry in due { entries[entry.job.id]?.due = now.addingTimeInterval(claimLease) }
            return due.map(\.job)
        }
    }

    public func finishMailJob(_ id: String) async throws {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    public func retryMailJob(_ id: String, at due: Date) async throws {
        entries.withLock { entries in
            entries[id]?.due = due
            entries[id]?.job.attempts += 1
        }
    }

    /// How many jobs wait, due or not.
    public var count: Int { entries.withLock { $0.count } }
}
