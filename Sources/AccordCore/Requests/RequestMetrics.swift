import Foundation

/// The CCPA §7102 figures for one calendar year (UTC), recomputed from the request chain's audit entries alone:
/// per request type, how many requests were received that year, how many were complied with in whole or in part
/// (`completed`), how many denied (`denied`, and `unverifiable` closures, which are denials for want of verification),
/// and the median and mean days from receipt to that answer.
public struct RequestMetrics: Hashable, Sendable {
    /// One type's figures.
    public struct Figures: Hashable, Sendable {
        public var received = 0
        public var compliedWith = 0
        public var denied = 0
        /// Days from receipt to the answer of each answered request, in milliseconds / 86,400,000.
        public var daysToRespond: [Double] = []

        /// No requests yet.
        public init() {}

        public var medianDays: Double? {
            guard !daysToRespond.isEmpty else { return nil }
            let sorted = daysToRespond.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }

        public var meanDays: Double? {
            daysToRespond.isEmpty ? nil : daysToRespond.reduce(0, +) / Double(daysToRespond.count)
        }
    }

    public var year: Int
    public var byType: [RequestType: Figures]

    /// Folds the property's request chain (in chain order) for `year`.
    public static func compute(year: Int, entries: [StoredAuditEntry]) -> RequestMetrics {
        struct Case {
            var type: RequestType
            var receivedAt: Date
            var answer: (status: String, at: Date)?
        }
        var cases: [String: Case] = [:]
        var order: [String] = []
        for stored in entries {
            let entry = stored.entry
            guard let id = entry.target, let after = entry.after,
                let fields = try? JSONDecoder().decode([String: String].self, from: Data(after.utf8))
            else { continue }
            if entry.action == RequestAudit.Action.received.rawValue {
                guard let type = fields["type"].flatMap(RequestType.init(rawValue:)),
                    let received = fields["receivedAt"].flatMap({ Date(rfc3339: $0) })
                else { continue }
                cases[id] = Case(type: type, receivedAt: received)
                order.append(id)
            } else if entry.action == RequestAudit.Action.transition.rawValue, let status = fields["status"],
                ["completed", "denied", "unverifiable"].contains(status), cases[id]?.answer == nil
            {
                cases[id]?.answer = (status, entry.recordedAt)
            }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var byType: [RequestType: Figures] = [:]
        for id in order {
            guard let item = cases[id], calendar.component(.year, from: item.receivedAt) == year else { continue }
            var figures = byType[item.type] ?? Figures()
            figures.received += 1
            if let answer = item.answer {
                if answer.status == "completed" { figures.compliedWith += 1 } else { figures.denied += 1 }
                let milliseconds = answer.at.millisecondsSince1970 - item.receivedAt.millisecondsSince1970
                figures.daysToRespond.append(Double(milliseconds) / 86_400_000)
            }
            byType[item.type] = figures
        }
        return RequestMetrics(year: year, byType: byType)
    }
}
