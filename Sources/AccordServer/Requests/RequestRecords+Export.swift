import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

extension RequestRecords {
    /// One export file (issue 13 §7: requests and their timelines as CSV or JSON Lines): `format` `csv` or `jsonl`
    /// (default), and either the requests (one line each) or, with `timeline=1`, their timelines (one line per audit
    /// entry of the property's request chain). Neither holds the requester's address or what they wrote.
    struct Export {
        var csv: Bool
        var timeline: Bool

        /// From the query's `format` and `timeline`; nil for a value that is neither.
        init?(format: String?, timeline: String?) {
            let format = format ?? "jsonl"
            guard format == "csv" || format == "jsonl" else { return nil }
            guard timeline == nil || timeline == "1" || timeline == "true" || timeline == "0" || timeline == "false" else { return nil }
            csv = format == "csv"
            self.timeline = timeline == "1" || timeline == "true"
        }

        init(csv: Bool, timeline: Bool) {
            self.csv = csv
            self.timeline = timeline
        }

        /// The file, as an attachment, with each request dated at `now` as the list dates it
        /// (`PrivacyRequest.datedAt`: a paused request's due date has moved on since its last change).
        func response(of property: Property, in store: any RequestStore, now: Date) async throws -> Response {
            let (columns, rows): ([String], [[String?]])
            if timeline {
                columns = RequestRecords.timelineColumns
                rows = try await RequestRecords.chain(of: property.id, in: store).map(RequestRecords.timelineFields)
            } else {
                let calendar = property.deadlineCalendar
                columns = RequestRecords.columns + RequestRecords.clockColumns
                rows = try await RequestRecords.all(of: property.id, in: store).map { $0.datedAt(now, calendar: calendar) }
                    .sorted { ($0.sortDue, $0.id) < ($1.sortDue, $1.id) }
                    .map { RequestRecords.fields($0) + RequestRecords.clockFields($0, calendar: calendar, now: now) }
            }
            let body = csv ? RequestRecords.csv(columns: columns, rows: rows) : RequestRecords.jsonl(columns: columns, rows: rows)
            var headers = HTTPFields()
            headers[.contentType] = csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
            let name = "requests-\(property.id.rawValue)\(timeline ? "-timelines" : "").\(csv ? "csv" : "jsonl")"
            headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: body)))
        }
    }

    /// The deadline facts an auditor checks beside each request's dates: the zone its days are counted in, the days
    /// its clock stood still, the extension's reason, and whether it was (or is) late.
    static let clockColumns = ["timeZone", "pausedDays", "extensionReason", "late"]

    /// `request` already dated at `now` (`PrivacyRequest.datedAt`), so `late` reads the due date it has now.
    static func clockFields(_ request: PrivacyRequest, calendar: DeadlineCalendar, now: Date) -> [String?] {
        let paused = request.clock.flatMap { try? RequestDeadlines.compute($0, calendar: calendar, now: request.closedAt ?? now) }
        let late = request.effectiveDueAt.map { (request.closedAt ?? now) > $0 }
        return [calendar.zoneName, String(paused?.pausedDays ?? 0), request.extensionReason, late.map { String($0) }]
    }

    /// One line per change of a request: the request chain's entries.
    static let timelineColumns = ["position", "request", "at", "action", "actor", "from", "status", "detail"]

    static func timelineFields(_ stored: StoredAuditEntry) -> [String?] {
        let after = stored.entry.after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        let before = stored.entry.before.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        return [
            String(stored.link.position), stored.entry.target, stored.entry.recordedAt.rfc3339, stored.entry.action, stored.entry.actor,
            before?["status"], after["status"], stored.entry.after,
        ]
    }
}
