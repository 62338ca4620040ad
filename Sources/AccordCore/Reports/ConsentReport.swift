import Foundation

/// The consent figures of one property over a period, as the console's dashboard and its CSV show them: choices per
/// day, the accept-all / reject-all / customised split, acceptance per purpose and choices per region. A pure fold
/// over the property's events; required purposes are left out, as nobody chooses them.
public struct ConsentReport: Hashable, Sendable {
    /// One UTC day of the period.
    public struct Day: Hashable, Sendable {
        /// `yyyy-MM-dd`.
        public var date: String
        public var choices: Int
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
        public var acceptancePercent: Int? {
            granted + denied == 0 ? nil : Int((Double(granted) * 100 / Double(granted + denied)).rounded())
        }
    }

    public var from: Date
    public var days: [Day]
    public var purposes: [PurposeFigures]
    /// Choices by region code (`unknown` when none was given), most first.
    public var regions: [RegionFigures]

    /// How many choices came from one region.
    public struct RegionFigures: Hashable, Sendable {
        public var region: String
        public var choices: Int

        public init(region: String, choices: Int) {
            self.region = region
            self.choices = choices
        }
    }

    public var totalChoices: Int { days.reduce(0) { $0 + $1.choices } }
    public var acceptAll: Int { days.reduce(0) { $0 + $1.acceptAll } }
    public var rejectAll: Int { days.reduce(0) { $0 + $1.rejectAll } }
    public var customised: Int { days.reduce(0) { $0 + $1.customised } }

    /// The report of `property` for the `dayCount` UTC days ending with the day of `now`, from its `events`
    /// (events of other properties or outside the period are ignored).
    public static func make(property: Property, events: [ConsentEvent], dayCount: Int, now: Date) -> ConsentReport {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.startOfDay(for: now)
        let from = calendar.date(byAdding: .day, value: -(dayCount - 1), to: today)!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        var days = (0..<dayCount).map { offset in
            Day(
                date: formatter.string(from: calendar.date(byAdding: .day, value: offset, to: from)!), choices: 0,
                acceptAll: 0, rejectAll: 0, customised: 0)
        }
        let optional = property.purposes.filter { !$0.isRequired }
        var granted: [PurposeKey: Int] = [:]
        var denied: [PurposeKey: Int] = [:]
        var regions: [String: Int] = [:]
        // Accord's own events (expiry notices, browser-to-subject links) are no one's choice.
        for event in events
        where event.property == property.id && event.recordedAt >= from && event.source != .expiry && event.source != .link {
            let index = Int(event.recordedAt.timeIntervalSince(from) / 86_400)
            guard index < dayCount else { continue }
            let answers = optional.compactMap { purpose in event.choices[purpose.key].map { (purpose.key, $0) } }
            guard !answers.isEmpty else { continue }
            days[index].choices += 1
            if answers.count == optional.count, answers.allSatisfy({ $0.1 == .granted }) {
                days[index].acceptAll += 1
            } else if answers.allSatisfy({ $0.1 == .denied }) {
                days[index].rejectAll += 1
            } else {
                days[index].customised += 1
            }
            for (key, choice) in answers {
                if choice == .granted { granted[key, default: 0] += 1 } else { denied[key, default: 0] += 1 }
            }
            regions[event.region ?? "unknown", default: 0] += 1
        }
        return ConsentReport(
            from: from, days: days,
            purposes: optional.map {
                PurposeFigures(purpose: $0.key, name: $0.name, granted: granted[$0.key] ?? 0, denied: denied[$0.key] ?? 0)
            },
            regions: regions.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { RegionFigures(region: $0.key, choices: $0.value) })
    }

    /// The same figures as CSV: one line per day, then one per purpose.
    public var csv: String {
        var lines = ["date,choices,accept_all,reject_all,customised"]
        lines += days.map { "\($0.date),\($0.choices),\($0.acceptAll),\($0.rejectAll),\($0.customised)" }
        lines.append("")
        lines.append("purpose,granted,denied,acceptance_percent")
        lines += purposes.map { "\($0.purpose.rawValue),\($0.granted),\($0.denied),\($0.acceptancePercent.map(String.init) ?? "")" }
        return lines.joined(separator: "\n") + "\n"
    }
}
