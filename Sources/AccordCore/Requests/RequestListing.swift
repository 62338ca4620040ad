import Foundation

extension PrivacyRequest {
    /// Whether the request's clock is stopped now (open, with an open stop-the-clock pause): its due date then moves
    /// on a day for every day the pause lasts, so the one stored at its last change is already behind.
    public var isPaused: Bool {
        status.isOpen && clock?.pauses.contains { $0.until == nil } == true
    }

    /// The request with its due dates as they stand at `now` on `calendar` (the property's): a paused request's move
    /// on with the pause; any other's are the stored ones.
    public func datedAt(_ now: Date, calendar: DeadlineCalendar) -> PrivacyRequest {
        guard isPaused, let clock, let derived = try? RequestDeadlines.compute(clock, calendar: calendar, now: now) else { return self }
        var dated = self
        dated.dueAt = derived.dueAt
        dated.extendedDueAt = derived.extendedDueAt
        return dated
    }
}

/// The admin list in effective due-date order at the time of listing (issue 13 §4), the same on every store.
///
/// The stores order by the due date stored at each request's last change (`sort_due`), which is right for every
/// request whose clock runs. A paused request's due date moves while it is paused, so the list reads the paused
/// ones apart (few: only stop-the-clock laws pause, and only while waiting for the requester), dates them at `now`
/// (`PrivacyRequest.datedAt`) and merges them in: the order, the `dueBefore` filter and the cursor all use the
/// effective due date.
public enum RequestListing {
    /// One page: `running` (the store's page of requests whose clock runs, after `cursor`, filtered) merged with
    /// `paused` (every paused request matching the filter's other fields), dated at `now`, at most `limit`.
    public static func page(
        running: [PrivacyRequest], paused: [PrivacyRequest], filter: RequestFilter, after cursor: RequestCursor?, limit: Int,
        now: Date, calendar: DeadlineCalendar
    ) -> [PrivacyRequest] {
        let moved = paused.map { $0.datedAt(now, calendar: calendar) }.filter { request in
            guard filter.matches(request) else { return false }
            return cursor.map { (request.sortDue, request.id) > ($0.due, $0.id) } ?? true
        }
        guard !moved.isEmpty else { return Array(running.prefix(limit)) }
        return Array((running + moved).sorted { ($0.sortDue, $0.id) < ($1.sortDue, $1.id) }.prefix(limit))
    }
}

extension RequestStore {
    /// The requests of `property` matching `filter`, by effective due date at `now` (none last), then id, after
    /// `cursor`: the admin list and the console's (`RequestListing`).
    public func requests(in property: Property, filter: RequestFilter, after cursor: RequestCursor?, limit: Int, now: Date) async throws
        -> [PrivacyRequest]
    {
        var running = filter
        running.paused = false
        let page = try await requests(in: property.id, filter: running, after: cursor, limit: limit)
        var stopped = filter
        stopped.paused = true
        stopped.dueBefore = nil
        var paused: [PrivacyRequest] = []
        var after: RequestCursor?
        while true {
            let found = try await requests(in: property.id, filter: stopped, after: after, limit: 500)
            paused += found
            guard found.count == 500, let last = found.last else { break }
            after = RequestCursor(after: last)
        }
        return RequestListing.page(
            running: page, paused: paused, filter: filter, after: cursor, limit: limit, now: now, calendar: property.deadlineCalendar)
    }
}
