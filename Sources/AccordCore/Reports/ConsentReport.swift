import Foundation

/// The consent figures of one property over a period of UTC days, as the console's dashboard, its CSV and
/// `GET /v1/admin/properties/{property}/reports/consent` show them: banner impressions and choices per day, the
/// accept-all / reject-all / customised split, acceptance per purpose and figures per region. A pure fold over
/// the aggregated counters (`ChoiceTally`, `ImpressionTally`), so its cost follows the days asked for, not the
/// size of the log; required purposes are left out, as nobody chooses them.
public struct ConsentReport: Hashable, Sendable {
    /// One UTC day of the period.
    public struct Day: Hashable, Sendable {
        /// `yyyy-MM-dd`.
        public var date: String
        /// Times the banner was shown (the SDK's beacon).
        public var impressions: Int
        public var choices: Int
        /// Choices that granted at least one optional purpose.
        public var consented: Int
        /// Of those, the ones made on the banner: what the consent rate sets against the banner's impressions.
        public var bannerConsented: Int
        public var acceptAll: Int
        public var rejectAll: Int
        public var customised: Int
    }

    /// How often one purpose was granted and denied.
    public struct PurposeFigures: Hashable, Sendable {
        public var purpose: PurposeKey
        public var name: String
        public var granted: Int
        public var denied: Int
        /// Granted of all answers, 0 to 100, rounded; nil when nobody answered.
        public var acceptancePercent: Int? { ConsentReport.percent(granted, of: granted + denied) }
    }

    /// Impressions and choices of one region.
    public struct RegionFigures: Hashable, Sendable {
        /// The region code, `unknown` when none was given.
        public var region: String
        public var impressions: Int
        public var choices: Int

        public init(region: String, impressions: Int = 0, choices: Int) {
            self.region = region
            self.impressions = impressions
            self.choices = choices
        }
    }

    /// The start of the first day.
    public var from: Date
    public var days: [Day]
    public var purposes: [PurposeFigures]
    /// Most choices first, then most impressions, then by code.
    public var regions: [RegionFigures]
    /// Choices per source (banner, preference center, API, import, GPC), every source listed, in that order.
    public var sources: [SourceFigures]

    /// How many choices came through one source.
    public struct SourceFigures: Hashable, Sendable {
        public var source: ConsentSource
        public var choices: Int
    }

    public var totalImpressions: Int { days.reduce(0) { $0 + $1.impressions } }
    public var totalChoices: Int { days.reduce(0) { $0 + $1.choices } }
    public var consented: Int { days.reduce(0) { $0 + $1.consented } }
    public var acceptAll: Int { days.reduce(0) { $0 + $1.acceptAll } }
    public var rejectAll: Int { days.reduce(0) { $0 + $1.rejectAll } }
    public var customised: Int { days.reduce(0) { $0 + $1.customised } }
    /// Choices made on the banner granting at least one optional purpose, of banner impressions, 0 to 100 (a
    /// banner answered after midnight, or beside a blocked beacon, could otherwise count more than shown); nil
    /// without impressions. Choices through the API, imports or the preference center are not banner answers.
    public var consentRatePercent: Int? {
        Self.percent(days.reduce(0) { $0 + $1.bannerConsented }, of: totalImpressions).map { min(100, $0) }
    }

    /// `part` of `whole` in whole percent, nil when `whole` is zero.
    public static func percent(_ part: Int, of whole: Int) -> Int? {
        whole == 0 ? nil : Int((Double(part) * 100 / Double(whole)).rounded())
    }

    /// The `dayCount` UTC days ending with the day of `now`.
    public static func period(dayCount: Int, endingAt now: Date) -> ClosedRange<Int> {
        let last = ReportDay.of(now)
        return (last - max(1, dayCount) + 1)...last
    }

    /// The report of `property` over `days` from its counters (tallies of other properties or days are ignored).
    public static func make(
        property: Property, choices: [ChoiceTally], impressions: [ImpressionTally], days period: ClosedRange<Int>
    ) -> ConsentReport {
        var days = period.map {
            Day(
                date: ReportDay.name($0), impressions: 0, choices: 0, consented: 0, bannerConsented: 0, acceptAll: 0, rejectAll: 0,
                customised: 0)
        }
        let optional = property.purposes.filter { !$0.isRequired }
        var granted: [PurposeKey: Int] = [:]
        var denied: [PurposeKey: Int] = [:]
        var regions: [String: RegionFigures] = [:]
        var sources: [ConsentSource: Int] = [:]
        for tally in impressions where tally.property == property.id && period.contains(tally.day) {
            days[tally.day - period.lowerBound].impressions += tally.count
            let region = tally.region ?? "unknown"
            regions[region, default: RegionFigures(region: region, choices: 0)].impressions += tally.count
        }
        for tally in choices where tally.property == property.id && period.contains(tally.day) {
            let answers = optional.compactMap { purpose in tally.choices[purpose.key].map { (purpose.key, $0) } }
            guard !answers.isEmpty else { continue }
            let index = tally.day - period.lowerBound
            days[index].choices += tally.count
            sources[tally.source, default: 0] += tally.count
            if answers.contains(where: { $0.1 == .granted }) {
                days[index].consented += tally.count
                if tally.source == .banner { days[index].bannerConsented += tally.count }
            }
            if answers.count == optional.count, answers.allSatisfy({ $0.1 == .granted }) {
                days[index].acceptAll += tally.count
            } else if answers.allSatisfy({ $0.1 == .denied }) {
                days[index].rejectAll += tally.count
            } else {
                days[index].customised += tally.count
            }
            for (key, choice) in answers {
                if choice == .granted { granted[key, default: 0] += tally.count } else { denied[key, default: 0] += tally.count }
            }
            let region = tally.region ?? "unknown"
            regions[region, default: RegionFigures(region: region, choices: 0)].choices += tally.count
        }
        return ConsentReport(
            from: Date(timeIntervalSince1970: Double(period.lowerBound) * 86_400), days: days,
            purposes: optional.map {
                PurposeFigures(purpose: $0.key, name: $0.name, granted: granted[$0.key] ?? 0, denied: denied[$0.key] ?? 0)
            },
            regions: regions.values.sorted {
                ($1.choices, $1.impressions, $0.region) < ($0.choices, $0.impressions, $1.region)
            },
            sources: ConsentSource.allCases.filter { $0 != .expiry && $0 != .link }.map { SourceFigures(source: $0, choices: sources[$0] ?? 0) })
    }

    /// The report of `property` for the `dayCount` UTC days ending with the day of `now`, folded from `events`
    /// as the stores tally them: what the counters must always agree with.
    public static func make(property: Property, events: [ConsentEvent], dayCount: Int, now: Date) -> ConsentReport {
        make(property: property, choices: ChoiceTally.of(events), impressions: [], days: period(dayCount: dayCount, endingAt: now))
    }

    /// The same figures as CSV: one line per day, then one per purpose, then one per region.
    public var csv: String {
        var lines = ["date,impressions,choices,consented,accept_all,reject_all,customised"]
        lines += days.map {
            "\($0.date),\($0.impressions),\($0.choices),\($0.consented),\($0.acceptAll),\($0.rejectAll),\($0.customised)"
        }
        lines.append("")
        lines.append("purpose,granted,denied,acceptance_percent")
        lines += purposes.map { "\($0.purpose.rawValue),\($0.granted),\($0.denied),\($0.acceptancePercent.map(String.init) ?? "")" }
        lines.append("")
        lines.append("region,impressions,choices")
        lines += regions.map { "\($0.region),\($0.impressions),\($0.choices)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
