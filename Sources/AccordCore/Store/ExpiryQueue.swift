import Foundation

/// The granted choices an expiry sweep looks at: read through an index on (last notice, expiry), so a sweep
/// costs what is due, not the size of the state view nor the rows already noticed. Appending the notices goes
/// through `ConsentLog`, like any event.
public protocol ExpiryQueue: Sendable {
    /// Granted state rows whose last notice is `notice` (nil: none yet; never `expired`) and whose expiry is at or
    /// before `horizon`, ordered by expiry, property, subject key bytes and purpose, strictly after `cursor` when
    /// given; at most `limit`, each with the regime, region and policy hash of the event that set it.
    func expiryCandidates(notice: EventKind?, dueBy horizon: Date, after cursor: ExpiryCursor?, limit: Int) async throws
        -> [ExpiryCandidate]
}
