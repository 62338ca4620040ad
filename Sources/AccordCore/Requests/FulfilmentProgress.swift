import Foundation

/// Where a request's run across its connected systems stands (issue 14 §3), derived from the request's timeline
/// alone: the run is durable because its steps are the audit entries, so a restarted server reads where it was.
public struct FulfilmentProgress: Sendable, Hashable, Encodable {
    /// `running`, `waiting` (a system a person or a webhook must answer), `done` or `failed` (a system's last
    /// attempt failed; it is retried with backoff).
    public var status: String
    public var systems: [SystemProgress]

    /// One system's part.
    public struct SystemProgress: Sendable, Hashable, Encodable {
        public var name: String
        public var kind: String
        /// `pending`, `waiting`, `failed`, `done`, `exempt` or `manualDone`.
        public var status: String
        public var rows: ConnectorRowCounts?
        public var shared: [SharedRows]
        public var retained: [RetainedRows]
        public var reason: String?
        public var error: String?
        /// Failed attempts so far.
        public var attempts: Int
        /// When the last attempt failed.
        public var failedAt: Date?
        /// When a webhook connector was last sent the request (or reminded); nil before (ConnectorDispatch.swift).
        public var dispatchedAt: Date? = nil
        /// How often it was sent so far, reminders included.
        public var dispatches: Int = 0

        /// Whether the system has answered (the request may complete without it running again).
        public var answered: Bool { ["done", "exempt", "manualDone", "denied"].contains(status) }
    }

    /// The mode the run was started in.
    public var mode: ConnectorMode

    /// The progress of the last run the timeline records; nil when none was started.
    public static func of(_ timeline: [StoredAuditEntry]) -> FulfilmentProgress? {
        let entries = timeline.map(\.entry)
        guard let start = entries.lastIndex(where: { $0.action == RequestAudit.Action.fulfilmentStarted.rawValue }) else { return nil }
        let detail = fields(entries[start])
        let mode = detail["mode"].flatMap(ConnectorMode.init(rawValue:)) ?? .access
        let listed = decode([[String]].self, detail["systems"]) ?? []
        var systems = listed.map {
            SystemProgress(
                name: $0[0], kind: $0.count > 1 ? $0[1] : "", status: "pending", rows: nil, shared: [], retained: [], reason: nil, error: nil,
                attempts: 0, failedAt: nil)
        }
        for entry in entries[(start + 1)...] {
            let detail = fields(entry)
            guard let name = detail["system"], let index = systems.firstIndex(where: { $0.name == name }) else { continue }
            if entry.action == RequestAudit.Action.systemAnswered.rawValue {
                systems[index].status = detail["outcome"] ?? "done"
                systems[index].rows = ConnectorRowCounts(
                    found: Int(detail["found"] ?? "") ?? 0, deleted: Int(detail["deleted"] ?? "") ?? 0,
                    masked: Int(detail["masked"] ?? "") ?? 0, kept: Int(detail["kept"] ?? "") ?? 0)
                systems[index].shared = decode([SharedRows].self, detail["shared"]) ?? []
                systems[index].retained = decode([RetainedRows].self, detail["retained"]) ?? []
                systems[index].reason = detail["reason"]
                systems[index].error = nil
            } else if entry.action == RequestAudit.Action.systemFailed.rawValue, !systems[index].answered {
                systems[index].status = "failed"
                systems[index].error = detail["error"]
                systems[index].attempts += 1
                systems[index].failedAt = entry.recordedAt
            } else if !systems[index].answered {
                ConnectorDispatch.apply(entry, detail: detail, to: &systems[index])
            }
        }
        for index in systems.indices where systems[index].status == "pending" && ["webhook", "manual"].contains(systems[index].kind) {
            systems[index].status = "waiting"
        }
        let status =
            if systems.allSatisfy(\.answered) { "done" } else if systems.contains(where: { $0.status == "failed" }) {
                "failed"
            } else if systems.contains(where: { $0.status == "pending" }) { "running" } else { "waiting" }
        return FulfilmentProgress(status: status, systems: systems, mode: mode)
    }

    /// When a failed system is tried again: 30 seconds after the first failure, doubling to at most an hour.
    public static func retryAt(_ system: SystemProgress) -> Date? {
        guard system.status == "failed", let failedAt = system.failedAt else { return nil }
        let delay = min(30 * pow(2, Double(max(0, system.attempts - 1))), 3600)
        return failedAt.addingTimeInterval(delay)
    }

    enum CodingKeys: String, CodingKey { case status, systems }

    static func fields(_ entry: AuditEntry) -> [String: String] {
        entry.after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
    }

    /// Text for an audit detail: `value` as compact JSON with sorted keys.
    public static func detailJSON(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
