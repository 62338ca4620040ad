import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/admin/properties/{property}/reports/consent?from=&to=&groupBy=day|region|purpose`: the dashboard's
/// figures as JSON, read from the aggregated counters (`ConsoleReports`), so the console's chart tables and this
/// answer are the same numbers.
struct AdminReportsController {
    let reports: ConsoleReports

    /// The longest period one report covers.
    static let maximumDays = 366

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/reports/consent", use: consent)
    }

    enum Grouping: String {
        case day, region, purpose
    }

    struct Totals: Encodable {
        var impressions: Int
        var choices: Int
        var consented: Int
        var consentRatePercent: Int?
        var acceptAll: Int
        var rejectAll: Int
        var customised: Int

        init(_ report: ConsentReport) {
            impressions = report.totalImpressions
            choices = report.totalChoices
            consented = report.consented
            consentRatePercent = report.consentRatePercent
            acceptAll = report.acceptAll
            rejectAll = report.rejectAll
            customised = report.customised
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(impressions, forKey: .impressions)
            try container.encode(choices, forKey: .choices)
            try container.encode(consented, forKey: .consented)
            // Explicit null: the rate is unknown without impressions, and clients should see the key.
            try container.encode(consentRatePercent, forKey: .consentRatePercent)
            try container.encode(acceptAll, forKey: .acceptAll)
            try container.encode(rejectAll, forKey: .rejectAll)
            try container.encode(customised, forKey: .customised)
        }

        enum CodingKeys: String, CodingKey {
            case impressions, choices, consented, consentRatePercent, acceptAll, rejectAll, customised
        }
    }

    struct Row: Encodable {
        var day: String?
        var region: String?
        var purpose: String?
        var name: String?
        var impressions: Int?
        var choices: Int?
        var consented: Int?
        var acceptAll: Int?
        var rejectAll: Int?
        var customised: Int?
        var granted: Int?
        var denied: Int?
        var acceptancePercent: Int?
    }

    struct Answer: Encodable {
        var property: String
        var from: String
        var to: String
        var groupBy: String
        var totals: Totals
        var rows: [Row]
    }

    @Sendable func consent(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let raw = try context.parameters.require("property")
        guard let property = try await reports.configuration.property(PropertyID(rawValue: raw)) else {
            throw APIError.propertyNotFound(raw)
        }
        let query = request.uri.queryParameters
        let grouping =
            try query["groupBy"].map { text in
                guard let grouping = Grouping(rawValue: String(text)) else {
                    throw APIError(.badRequest, code: "group_by_invalid", message: "groupBy must be day, region or purpose", field: "groupBy")
                }
                return grouping
            } ?? .day
        let period = try Self.period(from: query["from"].map(String.init), to: query["to"].map(String.init), today: reports.today())
        let report = try await reports.report(of: property, period: period)
        let answer = Answer(
            property: property.id.rawValue, from: ReportDay.name(period.lowerBound), to: ReportDay.name(period.upperBound),
            groupBy: grouping.rawValue, totals: Totals(report), rows: Self.rows(report, grouping))
        return try JSONBody.response(answer, headers: [.cacheControl: "no-store"])
    }

    static func rows(_ report: ConsentReport, _ grouping: Grouping) -> [Row] {
        switch grouping {
        case .day:
            report.days.map {
                Row(
                    day: $0.date, impressions: $0.impressions, choices: $0.choices, consented: $0.consented, acceptAll: $0.acceptAll,
                    rejectAll: $0.rejectAll, customised: $0.customised)
            }
        case .region:
            report.regions.map { Row(region: $0.region, impressions: $0.impressions, choices: $0.choices) }
        case .purpose:
            report.purposes.map {
                Row(
                    purpose: $0.purpose.rawValue, name: $0.name, granted: $0.granted, denied: $0.denied,
                    acceptancePercent: $0.acceptancePercent)
            }
        }
    }

    /// The days from `from` to `to` (`yyyy-MM-dd`, both included); `to` defaults to today, `from` to 29 days
    /// before `to`. A `from` after `to` gives the day `to` alone, and a longer period than `maximumDays` the
    /// `maximumDays` ending with `to`: the answer names the days it covers, so a caller sees what was read.
    static func period(from: String?, to: String?, today: Int) throws -> ClosedRange<Int> {
        func day(_ text: String?, _ field: String) throws -> Int? {
            guard let text else { return nil }
            guard let day = ReportDay.parse(text) else {
                throw APIError(.badRequest, code: "date_invalid", message: "\(field) must be a date as yyyy-MM-dd", field: field)
            }
            return day
        }
        let last = try day(to, "to") ?? today
        let first = try day(from, "from") ?? (last - 29)
        return min(last, max(first, last - maximumDays + 1))...last
    }
}
