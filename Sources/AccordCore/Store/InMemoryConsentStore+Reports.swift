import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `ReportCounters`: impressions are kept beside the events; choice tallies are folded from the events on
    /// read, which in memory is the same thing.
    public func countImpressions(_ tallies: [ImpressionTally]) async throws {
        impressions.withLock { counters in
            for tally in tallies {
                var key = tally
                key.count = 0
                counters[key, default: 0] += tally.count
            }
        }
    }

    /// `ReportCounters`.
    public func impressionTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ImpressionTally] {
        impressions.withLock { counters in
            counters.compactMap { key, count in
                guard key.property == property, days.contains(key.day) else { return nil }
                var tally = key
                tally.count = count
                return tally
            }
        }
    }

    /// `ReportCounters`.
    public func choiceTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ChoiceTally] {
        let events = contents.withLock { $0.events.map(\.event) }
        return ChoiceTally.of(events).filter { $0.property == property && days.contains($0.day) }
    }
}
