import AccordCore
import Foundation

/// The records kept of a property's requests (CCPA §7101: at least 24 months; Accord deletes none), as the metrics
/// read them (the request chain) and as exports write them: one line per request, no personal data.
enum RequestRecords {
    /// The whole request chain of the property, in chain order.
    static func chain(of property: PropertyID, in store: any RequestStore) async throws -> [StoredAuditEntry] {
        var entries: [StoredAuditEntry] = []
        while true {
            let page = try await store.requestAuditEntries(in: property, after: entries.last?.link.position ?? 0, limit: 1_000)
            entries += page
            if page.count < 1_000 { return entries }
        }
    }

    /// Every request of the property, by due date then id.
    static func all(of property: PropertyID, in store: any RequestStore) async throws -> [PrivacyRequest] {
        var requests: [PrivacyRequest] = []
        while true {
            let page = try await store.requests(
                in: property, filter: RequestFilter(), after: requests.last.map(RequestCursor.init(after:)), limit: 200)
            requests += page
            if page.count < 200 { return requests }
        }
    }

    static let columns = [
        "id", "type", "scope", "status", "channel", "jurisdiction", "law", "receivedAt", "acknowledgeBy", "dueAt",
        "extendedDueAt", "closedAt", "verification", "exemption", "duplicateOf", "assignee",
    ]

    static func fields(_ request: PrivacyRequest) -> [String?] {
        [
            request.id, request.type.rawValue, request.scope?.rawValue, request.status.rawValue, request.channel.rawValue,
            request.jurisdiction, request.law, request.receivedAt.rfc3339, request.acknowledgeBy?.rfc3339, request.dueAt?.rfc3339,
            request.extendedDueAt?.rfc3339, request.closedAt?.rfc3339, request.verification?.method, request.exemption?.rawValue,
            request.duplicateOf, request.assignee,
        ]
    }

    /// RFC 4180 CSV with a header line; a field starting with `=`, `+`, `-` or `@` is prefixed with `'` so a
    /// spreadsheet never runs it as a formula.
    static func csv(_ requests: [PrivacyRequest]) -> String {
        csv(columns: columns, rows: requests.map(fields))
    }

    /// RFC 4180 CSV of `rows` under `columns`, formulas defused as above.
    static func csv(columns: [String], rows: [[String?]]) -> String {
        func cell(_ value: String?) -> String {
            guard var value else { return "" }
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var lines = [columns.joined(separator: ",")]
        for row in rows { lines.append(row.map(cell).joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One JSON object per line, the CSV's columns as members (null when empty).
    static func jsonl(_ requests: [PrivacyRequest]) throws -> String {
        jsonl(columns: columns, rows: requests.map(fields))
    }

    /// One JSON object per row, `columns` as members (null when empty).
    static func jsonl(columns: [String], rows: [[String?]]) -> String {
        var out = ""
        for row in rows {
            var json = JSONWriter(capacity: 512)
            json.beginObject()
            for (name, value) in zip(columns, row) { json.field(name, value) }
            json.endObject()
            out += String(decoding: json.bytes, as: UTF8.self) + "\n"
        }
        return out
    }
}

/// `GET .../requests/metrics`: the year and, per request type (every type, zeros included), the CCPA §7102 figures.
struct RequestMetricsView: Encodable {
    struct Figures: Encodable {
        var received: Int
        var compliedWithInWholeOrInPart: Int
        var denied: Int
        var medianDaysToRespond: Double?
        var meanDaysToRespond: Double?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(received, forKey: .received)
            try container.encode(compliedWithInWholeOrInPart, forKey: .compliedWithInWholeOrInPart)
            try container.encode(denied, forKey: .denied)
            try container.encode(medianDaysToRespond, forKey: .medianDaysToRespond)
            try container.encode(meanDaysToRespond, forKey: .meanDaysToRespond)
        }

        enum CodingKeys: String, CodingKey {
            case received, compliedWithInWholeOrInPart, denied, medianDaysToRespond, meanDaysToRespond
        }
    }

    var year: Int
    var types: [String: Figures]

    init(_ metrics: RequestMetrics) {
        year = metrics.year
        var types: [String: Figures] = [:]
        for type in RequestType.allCases {
            let figures = metrics.byType[type] ?? RequestMetrics.Figures()
            types[type.rawValue] = Figures(
                received: figures.received, compliedWithInWholeOrInPart: figures.compliedWith, denied: figures.denied,
                medianDaysToRespond: figures.medianDays, meanDaysToRespond: figures.meanDays)
        }
        self.types = types
    }
}

extension RequestDesk {
    /// What the requester gave, opened from the vault; nil once the requester was erased.
    func details(of request: PrivacyRequest) async throws -> RequestDetails? {
        guard let sealed = request.sealed,
            let bytes = try await directory.openCopy(sealed, for: request.requester, in: request.property)
        else { return nil }
        return try? RequestDetails(json: bytes)
    }
}
