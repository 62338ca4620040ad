import Foundation

/// How many choices of one pattern a property received from one region through one source on one UTC day: the
/// aggregated counter
/// the consent report is read from, so a report costs the same whatever the size of the log. A pattern is the
/// exact set of answers an event gave (`ConsentEventEncoding.choicesText`), so the report can still tell
/// accept-all from customised with the property's purposes as they are when it is read.
public struct ChoiceTally: Hashable, Sendable {
    public var property: PropertyID
    /// Days since 1970-01-01 (UTC) of the events' `recordedAt`.
    public var day: Int
    /// The region the events named; nil when they named none.
    public var region: String?
    /// The channel the choices came through (banner, preference center, API, import, GPC).
    public var source: ConsentSource
    public var choices: [PurposeKey: ConsentChoice]
    public var count: Int

    public init(
        property: PropertyID, day: Int, region: String?, source: ConsentSource, choices: [PurposeKey: ConsentChoice], count: Int
    ) {
        self.property = property
        self.day = day
        self.region = region
        self.source = source
        self.choices = choices
        self.count = count
    }

    /// The tallies `events` add, grouped: Accord's own events (expiry notices, links) and events without
    /// answers are nobody's choice and count for nothing.
    public static func of(_ events: [ConsentEvent]) -> [ChoiceTally] {
        struct Key: Hashable {
            var property: PropertyID
            var day: Int
            var region: String?
            var source: ConsentSource
            var choices: [PurposeKey: ConsentChoice]
        }
        var counts: [Key: Int] = [:]
        var order: [Key] = []
        for event in events where event.source != .expiry && event.source != .link && !event.choices.isEmpty {
            let key = Key(
                property: event.property, day: ReportDay.of(event.recordedAt), region: event.region, source: event.source,
                choices: event.choices)
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        return order.map {
            ChoiceTally(property: $0.property, day: $0.day, region: $0.region, source: $0.source, choices: $0.choices, count: counts[$0]!)
        }
    }
}

/// How many times the banner was shown on one UTC day for one combination of region, regime, locale and policy
/// version. The SDK's beacon carries nothing else: no identifier, no address, no page.
public struct ImpressionTally: Hashable, Sendable {
    public var property: PropertyID
    public var day: Int
    public var region: String?
    public var regime: Regime
    public var locale: String?
    public var policyVersion: Int
    public var count: Int

    public init(
        property: PropertyID, day: Int, region: String?, regime: Regime, locale: String?, policyVersion: Int, count: Int
    ) {
        self.property = property
        self.day = day
        self.region = region
        self.regime = regime
        self.locale = locale
        self.policyVersion = policyVersion
        self.count = count
    }

    /// `tallies` with equal keys added together, in first-seen order.
    public static func merged(_ tallies: [ImpressionTally]) -> [ImpressionTally] {
        var merged: [ImpressionTally] = []
        var index: [ImpressionTally: Int] = [:]
        for tally in tallies {
            var key = tally
            key.count = 0
            if let at = index[key] {
                merged[at].count += tally.count
            } else {
                index[key] = merged.count
                merged.append(tally)
            }
        }
        return merged
    }
}

/// UTC days as counted by the tallies: whole days since 1970-01-01, and their `yyyy-MM-dd` names.
public enum ReportDay {
    /// The day `date` falls on.
    public static func of(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// `yyyy-MM-dd` of a day.
    public static func name(_ day: Int) -> String {
        let date = Date(timeIntervalSince1970: Double(day) * 86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// The day named `yyyy-MM-dd`; nil for anything else (including impossible dates such as 2026-02-30).
    public static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1,
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return of(date)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
