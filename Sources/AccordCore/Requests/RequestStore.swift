import Foundation

/// The storage of data-subject requests. Each write is one transaction holding the request's new state, its audit
/// entry in the property's request chain (`RequestAudit`), the `request.*` webhook message for the endpoints that
/// queue it and the e-mails that go with it, so a change is never half-made and never announced without being made.
public protocol RequestStore: Sendable {
    /// Stores a new request. Throws `RequestStoreError.exists` when the id is taken.
    func createRequest(_ change: RequestChange) async throws
    /// Saves a change when the stored request is still at `change.request.version - 1` (compare and swap); false,
    /// with nothing written, when another change came first.
    func updateRequest(_ change: RequestChange) async throws -> Bool
    /// The request, or nil.
    func request(_ id: String, in property: PropertyID) async throws -> PrivacyRequest?
    /// The request's audit entries, oldest first: its timeline.
    func requestTimeline(_ id: String, in property: PropertyID) async throws -> [StoredAuditEntry]
    /// Requests of the property matching `filter`, by effective due date (none last), then id, after `cursor`.
    func requests(in property: PropertyID, filter: RequestFilter, after cursor: RequestCursor?, limit: Int) async throws
        -> [PrivacyRequest]
    /// The open requests of `requester` of `type` in the property, oldest first (duplicate detection).
    func openRequests(of requester: SubjectKey, type: RequestType, in property: PropertyID) async throws -> [PrivacyRequest]
    /// Open requests of every property, oldest received first, after `after` (an id) — what the request service
    /// walks for reminders and closing.
    func openRequests(after: String?, limit: Int) async throws -> [PrivacyRequest]
    /// Every audit entry of the property's request chain, in chain order after `position` (metrics, exports).
    func requestAuditEntries(in property: PropertyID, after position: Int64, limit: Int) async throws -> [StoredAuditEntry]
}

/// Failures of request writes.
public enum RequestStoreError: Error, Hashable, Sendable {
    /// A request with this id exists.
    case exists(String)
}

/// The admin list's filters; nil matches anything.
public struct RequestFilter: Hashable, Sendable {
    public var status: RequestStatus?
    public var type: RequestType?
    public var law: String?
    public var assignee: String?
    /// Only requests whose effective due date is before this.
    public var dueBefore: Date?
    /// Only requests whose clock is stopped (true) or running (false) (`PrivacyRequest.isPaused`): a stopped clock's
    /// due date moves day by day, so the list reads those apart and dates them at the time of listing
    /// (`RequestStore.requests(in:filter:after:limit:now:)`).
    public var paused: Bool?

    public init(
        status: RequestStatus? = nil, type: RequestType? = nil, law: String? = nil, assignee: String? = nil, dueBefore: Date? = nil,
        paused: Bool? = nil
    ) {
        self.status = status
        self.type = type
        self.law = law
        self.assignee = assignee
        self.dueBefore = dueBefore
        self.paused = paused
    }

    /// Whether `request` passes.
    public func matches(_ request: PrivacyRequest) -> Bool {
        (status == nil || request.status == status) && (type == nil || request.type == type)
            && (law == nil || request.law == law) && (assignee == nil || request.assignee == assignee)
            && (dueBefore.map { before in request.effectiveDueAt.map { $0 < before } ?? false } ?? true)
            && (paused == nil || request.isPaused == paused)
    }
}

/// A place in the list: the last item's sort key. Requests without a due date sort last (as `Int64.max`).
public struct RequestCursor: Hashable, Sendable {
    /// The effective due date in milliseconds, `Int64.max` for none.
    public var due: Int64
    public var id: String

    public init(due: Int64, id: String) {
        self.due = due
        self.id = id
    }

    /// The cursor after `request`.
    public init(after request: PrivacyRequest) {
        self.init(due: request.sortDue, id: request.id)
    }

    /// `<due ms>.<id>`, as the API hands it out.
    public var text: String { "\(due).\(id)" }

    /// Reads `text` back; nil when it is not one.
    public init?(text: String) {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let due = Int64(parts[0]), due >= 0, PrivacyRequest.isWellFormedID(String(parts[1])) else { return nil }
        self.init(due: due, id: String(parts[1]))
    }
}

extension PrivacyRequest {
    /// The list's sort key: the effective due date in milliseconds, `Int64.max` for none.
    public var sortDue: Int64 { effectiveDueAt?.millisecondsSince1970 ?? Int64.max }
}
