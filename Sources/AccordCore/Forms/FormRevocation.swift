import Foundation

/// A written revocation of a signed form (a HIPAA authorisation may be revoked in writing, 45 CFR
/// 164.508(b)(5)): recorded as a consent event of its own denying what the form granted, with this as its evidence.
public struct FormRevocation: Hashable, Sendable, Codable {
    /// Where the writing came from.
    public enum Channel: String, Hashable, Sendable, Codable {
        /// The person submitted the hosted revocation form.
        case hostedPage
        /// An operator entered a revocation received in writing (letter, fax, e-mail).
        case operatorEntry
    }

    public var channel: Channel
    /// When the written revocation was received (for an operator entry, the date on the letter's receipt).
    public var receivedAt: Date
    /// The person's own words, when given.
    public var statement: String?
    /// Who entered it: an API key's name or console user for `operatorEntry`.
    public var enteredBy: String?

    /// A revocation from its parts.
    public init(channel: Channel, receivedAt: Date, statement: String?, enteredBy: String?) {
        self.channel = channel
        self.receivedAt = receivedAt.truncatedToMilliseconds
        self.statement = statement
        self.enteredBy = enteredBy
    }
}

/// A parent's or guardian's confirmation of an under-age person's submission, kept with its evidence.
public struct FormGuardianConfirmation: Hashable, Sendable, Codable {
    /// The name the submission gave for them.
    public var name: String
    /// When they followed the e-mailed link and confirmed.
    public var confirmedAt: Date

    /// A confirmation from its parts.
    public init(name: String, confirmedAt: Date) {
        self.name = name
        self.confirmedAt = confirmedAt.truncatedToMilliseconds
    }
}
