import Foundation

/// One pass over the expiry queue: reads the granted choices due a notice at `now` and appends each notice as an
/// event in its subject's chain. The expiry sweeper service runs it on a clock; any number of instances may
/// run it at once, since the append planner stores each notice once (`AppendResult.stale` or `.replayed` for
/// the instances that come second).
public struct ExpirySweep: Sendable {
    /// What a pass did.
    public struct Report: Hashable, Sendable {
        /// Rows read from the queue.
        public var examined = 0
        /// `expiring` notices this pass stored.
        public var expiring = 0
        /// `expired` notices this pass stored.
        public var expired = 0
        /// Notices another instance stored first, or about a choice changed in the meantime: nothing stored.
        public var skipped = 0
        /// The `expiring` notices this pass stored (each stored once, whichever instance stored it).
        public var storedExpiring: [ConsentEvent] = []

        /// A report with these counts; all zero by default.
        public init(examined: Int = 0, expiring: Int = 0, expired: Int = 0, skipped: Int = 0) {
            self.examined = examined
            self.expiring = expiring
            self.expired = expired
            self.skipped = skipped
        }
    }

    private let queue: any ExpiryQueue
    private let log: any ConsentLog
    private let configuration: any ConfigurationStore
    private let pageSize: Int
    /// Whether each `expiring` notice also writes a re-consent reminder e-mail (`MailRequest.reminder(for:)`) in
    /// its own transaction (e-mail is on); needs a log that is a `VaultedConsentLog`, as every backend is.
    private let reminders: Bool

    /// A sweep over `queue`, appending through `log`, with notice windows from `configuration`'s properties.
    public init(
        queue: any ExpiryQueue, log: any ConsentLog, configuration: any ConfigurationStore, pageSize: Int = 500, reminders: Bool = false
    ) {
        self.queue = queue
        self.log = log
        self.configuration = configuration
        self.pageSize = pageSize
        self.reminders = reminders
    }

    /// A sweep over a store holding all three roles.
    public init(store: any ExpiryQueue & ConsentLog & ConfigurationStore, pageSize: Int = 500, reminders: Bool = false) {
        self.init(queue: store, log: store, configuration: store, pageSize: pageSize, reminders: reminders)
    }

    /// Two passes over the queue, page by page, each page's due notices appended in one batch: grants without a
    /// notice up to the longest notice window ahead of `now`, then grants noticed as expiring up to `now`. Rows
    /// already noticed are not read again until their expiry.
    public func run(at now: Date) async throws -> Report {
        let properties = Dictionary(
            try await configuration.properties().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var report = Report()
        try await pass(notice: nil, dueBy: ExpiryNotices.horizon(for: Array(properties.values), at: now), properties, now, &report)
        try await pass(notice: .expiring, dueBy: now, properties, now, &report)
        return report
    }

    private func pass(
        notice: EventKind?, dueBy horizon: Date, _ properties: [PropertyID: Property], _ now: Date, _ report: inout Report
    ) async throws {
        var cursor: ExpiryCursor?
        while true {
            let page = try await queue.expiryCandidates(notice: notice, dueBy: horizon, after: cursor, limit: pageSize)
            report.examined += page.count
            let notices = page.compactMap { candidate -> ConsentEvent? in
                guard let property = properties[candidate.row.property] else { return nil }
                let days = property.expiryNoticeDays(for: candidate.row.purpose)
                guard let kind = ExpiryNotices.due(candidate.row.state, noticeDays: days, at: now) else { return nil }
                return ExpiryNotices.event(kind, for: candidate, id: .make(at: now), at: now)
            }
            if !notices.isEmpty {
                for result in try await append(notices) {
                    guard case .recorded(let stored, _) = result else {
                        report.skipped += 1
                        continue
                    }
                    if stored.event.kind == .expired {
                        report.expired += 1
                    } else {
                        report.expiring += 1
                        report.storedExpiring.append(stored.event)
                    }
                }
            }
            guard page.count == pageSize, let last = page.last else { return }
            cursor = ExpiryCursor(after: last)
        }
    }

    /// Appends one page's notices, with the reminders of the `expiring` ones in the same transaction: a reminder
    /// is written exactly when its notice is recorded (not by the instance that comes second, not on a rollback).
    private func append(_ notices: [ConsentEvent]) async throws -> [AppendResult] {
        guard reminders, let vaulted = log as? any VaultedConsentLog else { return try await log.append(notices) }
        let followUps = try notices.filter { $0.kind == .expiring }.map(MailRequest.reminder(for:))
        return try await vaulted.appendBatch(AppendBatch(events: notices, followUps: followUps))
    }
}
