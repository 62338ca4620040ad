import Foundation

/// The parts of a HIPAA authorisation besides its items: the core elements and required statements of
/// 45 CFR 164.508(c), each text per locale like the title.
public struct HIPAADetails: Hashable, Sendable, Codable {
    /// (c)(1)(i): a specific and meaningful description of the information to be used or disclosed.
    public var information: [String: String]?
    /// (c)(1)(ii): the persons or classes of persons authorised to make the disclosure.
    public var disclosers: [String]?
    /// (c)(1)(iii): the persons or classes of persons to whom the disclosure may be made.
    public var recipients: [String]?
    /// (c)(1)(iv): each purpose of the disclosure ("at the request of the individual" suffices).
    public var purposes: [String]?
    /// (c)(1)(v): an expiration date or an expiration event relating to the individual or the purpose.
    public var expiration: HIPAAExpiration?
    /// (c)(2)(i): the right to revoke in writing, its exceptions and how to revoke.
    public var revocation: [String: String]?
    /// (c)(2)(ii): whether treatment, payment, enrolment or eligibility may be conditioned on signing.
    public var conditioning: [String: String]?
    /// (c)(2)(iii): that information disclosed may be redisclosed by the recipient and no longer be protected.
    public var redisclosure: [String: String]?

    /// Details from their parts.
    public init(
        information: [String: String]? = nil, disclosers: [String]? = nil, recipients: [String]? = nil,
        purposes: [String]? = nil, expiration: HIPAAExpiration? = nil, revocation: [String: String]? = nil,
        conditioning: [String: String]? = nil, redisclosure: [String: String]? = nil
    ) {
        self.information = information
        self.disclosers = disclosers
        self.recipients = recipients
        self.purposes = purposes
        self.expiration = expiration
        self.revocation = revocation
        self.conditioning = conditioning
        self.redisclosure = redisclosure
    }
}

/// When a HIPAA authorisation ends: `{"date": "YYYY-MM-DD"}` or `{"event": TEXT}`.
public struct HIPAAExpiration: Hashable, Sendable, Codable {
    /// The day it expires (`YYYY-MM-DD`).
    public var date: String?
    /// The event it expires with ("end of the research study").
    public var event: String?

    /// An expiration from its parts; one of them is needed.
    public init(date: String? = nil, event: String? = nil) {
        self.date = date
        self.event = event
    }
}
