import Foundation

/// A granted choice whose expiry lies within the sweep's horizon and whose `expired` notice is not recorded
/// yet, as `ExpiryQueue` reads it: its state row, and what a notice copies from the event that made the choice.
public struct ExpiryCandidate: Hashable, Sendable {
    /// The state row: the choice, its expiry and the last notice recorded for it.
    public var row: StateRow
    /// The regime the choice was recorded under; a notice keeps it, so it reads alone in the chain.
    public var regime: Regime
    /// The region the choice named, if any.
    public var region: String?
    /// The content hash of the policy version the choice was made under (`row.state.policyVersion`).
    public var policyHash: String

    /// A candidate from its row and the fields of the event that set it.
    public init(row: StateRow, regime: Regime, region: String?, policyHash: String) {
        self.row = row
        self.regime = regime
        self.region = region
        self.policyHash = policyHash
    }
}

/// A position in the expiry queue: the order is by expiry, then property, subject key bytes and purpose.
public struct ExpiryCursor: Hashable, Sendable {
    /// The expiry of the last row read.
    public var expiresAt: Date
    /// Its property.
    public var property: PropertyID
    /// Its subject key.
    public var subject: SubjectKey
    /// Its purpose.
    public var purpose: PurposeKey

    /// The cursor just after `candidate`, to read the next page from.
    public init(after candidate: ExpiryCandidate) {
        expiresAt = candidate.row.state.expiresAt ?? .distantPast
        property = candidate.row.property
        subject = candidate.row.subject
        purpose = candidate.row.purpose
    }
}
