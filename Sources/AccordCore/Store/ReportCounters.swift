import Foundation

/// The aggregated counters reports are read from: banner impressions sent by the SDK's beacon, and choice
/// tallies, which the consent log adds in the same transaction as the events they count (`AppendPlan.tallies`),
/// imports included. Reading a period costs a few rows per day, never a walk of the log.
public protocol ReportCounters: Sendable {
    /// Adds impressions to their counters (created at zero when new), in one transaction.
    func countImpressions(_ tallies: [ImpressionTally]) async throws
    /// The property's impression counters of the days in `days`, in no particular order.
    func impressionTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ImpressionTally]
    /// The property's choice tallies of the days in `days`, in no particular order.
    func choiceTallies(of property: PropertyID, days: ClosedRange<Int>) async throws -> [ChoiceTally]
}

extension AppendPlan {
    /// The choice tallies the plan's inserts add; the store adds them in the plan's transaction.
    public var tallies: [ChoiceTally] { ChoiceTally.of(inserts.map(\.event)) }
}

extension AppendPlan {
    /// The plan's tallies per chain of their events, by chain: a store with concurrent writers keeps one counter
    /// row per chain, so two batches that never share a chain head never wait on one counter row either.
    public var talliesByChain: [(chain: String, tallies: [ChoiceTally])] {
        Dictionary(grouping: inserts, by: \.link.chain).sorted { $0.key < $1.key }.map { chain, inserts in
            (chain, ChoiceTally.of(inserts.map(\.event)))
        }
    }
}
