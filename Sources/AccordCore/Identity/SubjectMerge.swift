import Foundation

/// How a browser's choices join a known subject's when the browser is linked to it (cross-device identity),
/// decided per purpose:
///
/// - Choices recorded under different regimes are never merged into each other: only choices under the regime
///   of the subject's own choice compete (under the newest one's when the subject has none).
/// - Among those, a GPC or "do not sell or share" opt-out on any linked device stays on the subject: a later
///   grant elsewhere, made without the signal, is no opt-in (the newest opt-out wins).
/// - Otherwise the newest choice wins.
public enum SubjectMerge {
    /// A source's latest choice for one purpose, with what the rule weighs.
    public struct Choice: Hashable, Sendable {
        /// Granted or denied.
        public var choice: ConsentChoice
        /// When it was recorded.
        public var recordedAt: Date
        /// When it stops counting.
        public var expiresAt: Date?
        /// The policy version it was made under.
        public var policyVersion: Int
        /// The regime it was recorded under.
        public var regime: Regime
        /// A denial carried by a GPC signal, or a "do not sell or share" opt-out (a purpose with US opt-out
        /// categories refused under an opt-out regime): it survives a merge with newer grants.
        public var isOptOut: Bool

        /// A choice from its parts.
        public init(
            choice: ConsentChoice, recordedAt: Date, expiresAt: Date?, policyVersion: Int, regime: Regime, isOptOut: Bool
        ) {
            self.choice = choice
            self.recordedAt = recordedAt
            self.expiresAt = expiresAt
            self.policyVersion = policyVersion
            self.regime = regime
            self.isOptOut = isOptOut
        }
    }

    /// The latest choice per purpose of one source's events, given in commit order (notices are skipped).
    public static func latest(of events: [ConsentEvent], in property: Property) -> [PurposeKey: Choice] {
        var latest: [PurposeKey: Choice] = [:]
        for event in events where event.kind == nil || event.kind == .linked {
            for (purpose, choice) in event.choices {
                let optOutPurpose = !(property.purpose(purpose)?.optOutCategories.isEmpty ?? true)
                let signalled = event.gpc || event.source == .gpc || (optOutPurpose && event.regime == .optOut)
                latest[purpose] = Choice(
                    choice: choice, recordedAt: event.recordedAt, expiresAt: event.expiresAt[purpose],
                    policyVersion: event.policyVersion, regime: event.regime, isOptOut: choice == .denied && signalled)
            }
        }
        return latest
    }

    /// The choices the subject takes on linking: for each purpose where the rule picks another choice than the
    /// subject's own, that choice. Empty when the subject's choices already stand.
    public static func merge(subject: [PurposeKey: Choice], devices: [[PurposeKey: Choice]]) -> [PurposeKey: Choice] {
        let purposes = Set(subject.keys).union(devices.flatMap(\.keys))
        var changes: [PurposeKey: Choice] = [:]
        for purpose in purposes {
            let candidates = ([subject[purpose]] + devices.map { $0[purpose] }).compactMap { $0 }
            let newest = { (choices: [Choice]) in choices.max { $0.recordedAt < $1.recordedAt } }
            guard let regime = subject[purpose]?.regime ?? newest(candidates)?.regime else { continue }
            let comparable = candidates.filter { $0.regime == regime }
            let optOuts = comparable.filter(\.isOptOut)
            guard let winner = newest(optOuts.isEmpty ? comparable : optOuts), winner != subject[purpose] else { continue }
            changes[purpose] = winner
        }
        return changes
    }
}
