import Foundation

/// A manual task (issue 14 §1): a request's part that a person must do in a system Accord cannot reach, with the
/// assignee and instructions of the system's `manual` connector. Derived from the request's run (its timeline), so
/// there is nothing to keep in step: a task is open while its system has not answered.
public struct ConnectorTask: Sendable, Hashable, Encodable {
    public var request: String
    public var requestType: String
    public var requestStatus: String
    public var dueAt: Date?
    public var system: String
    public var systemName: String
    public var assignee: String?
    public var instructions: String?
    /// `open` while it waits; else the system's answer: `manualDone` or `exempt`.
    public var status: String
    /// Whether it takes a result (text or file): access and portability requests.
    public var wantsResult: Bool
    /// The answer's reason or summary.
    public var reason: String?
    public var answeredBy: String?
    public var answeredAt: Date?

    public init(
        request: String, requestType: String, requestStatus: String, dueAt: Date?, system: String, systemName: String, assignee: String?,
        instructions: String?, status: String, wantsResult: Bool, reason: String? = nil, answeredBy: String? = nil, answeredAt: Date? = nil
    ) {
        self.request = request
        self.requestType = requestType
        self.requestStatus = requestStatus
        self.dueAt = dueAt
        self.system = system
        self.systemName = systemName
        self.assignee = assignee
        self.instructions = instructions
        self.status = status
        self.wantsResult = wantsResult
        self.reason = reason
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
    }

    /// Whether it still waits for its person.
    public var isOpen: Bool { status == "open" }

    /// The manual tasks of `request`'s current run; `systems` are the property's data-map systems (for the
    /// assignee, instructions and name).
    public static func tasks(of request: PrivacyRequest, timeline: [StoredAuditEntry], systems: [DataSystem]) -> [ConnectorTask] {
        guard let progress = FulfilmentProgress.of(timeline) else { return [] }
        return progress.systems.filter { $0.kind == Connector.Kind.manual.rawValue }.map { part in
            let system = systems.first { $0.key == part.name }
            let answer = timeline.last {
                $0.entry.action == RequestAudit.Action.systemAnswered.rawValue && FulfilmentProgress.fields($0.entry)["system"] == part.name
            }
            return ConnectorTask(
                request: request.id, requestType: request.type.rawValue, requestStatus: request.status.rawValue,
                dueAt: request.effectiveDueAt, system: part.name, systemName: system?.name ?? part.name,
                assignee: system?.connector?.assignee, instructions: system?.connector?.instructions,
                status: part.answered ? part.status : "open", wantsResult: [.access, .portability].contains(request.type),
                reason: part.answered ? part.reason : nil, answeredBy: part.answered ? answer?.entry.actor : nil,
                answeredAt: part.answered ? answer?.entry.recordedAt : nil)
        }
    }

    enum CodingKeys: String, CodingKey {
        case request, requestType, requestStatus, dueAt, system, systemName, assignee, instructions, status, wantsResult, reason
        case answeredBy, answeredAt
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(request, forKey: .request)
        try container.encode(requestType, forKey: .requestType)
        try container.encode(requestStatus, forKey: .requestStatus)
        try container.encode(dueAt?.rfc3339, forKey: .dueAt)
        try container.encode(system, forKey: .system)
        try container.encode(systemName, forKey: .systemName)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(instructions, forKey: .instructions)
        try container.encode(status, forKey: .status)
        try container.encode(wantsResult, forKey: .wantsResult)
        try container.encode(reason, forKey: .reason)
        try container.encode(answeredBy, forKey: .answeredBy)
        try container.encode(answeredAt?.rfc3339, forKey: .answeredAt)
    }
}
