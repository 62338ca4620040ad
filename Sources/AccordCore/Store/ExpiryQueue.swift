import Foundation

/// The granted choices an expiry sweep looks at: read through an index on the expiry, so a sweep costs what is
/// due, not the size of the state view. Appending the notices goes through `ConsentLog`, like any event.
public protocol ExpiryQueue: Sendable {
    /// Granted state rows whose expiry is at or before `horizon` and whose `expired` notice is not recorded,
    /// ordered by expiry, property, subject key bytes and purpose, strictly after `cursor` when given; at most
    /// `limit`, each with the regime, region and policy hash of the event that set it.
    func expiryCandidates(dueBy horizon: Date, after cursor: ExpiryCursor?, limit: Int) async throws -> [ExpiryCandidate]
}
