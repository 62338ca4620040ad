/// Where a data-subject request stands in its workflow (`RequestWorkflow` says which moves are allowed).
public enum RequestStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Received; waiting for the requester to prove control of the e-mail address (or for an operator).
    case verifying
    /// The requester is verified as far as the request's type needs.
    case verified
    /// Someone is working on it.
    case inProgress
    /// Answered in whole.
    case completed
    /// Refused, with a reason and an exemption from the closed list.
    case denied
    /// The requester took it back.
    case withdrawn
    /// Closed because the requester never verified (7 days after receipt).
    case unverifiable

    /// Whether the request still needs work (and counts against its deadline).
    public var isOpen: Bool {
        switch self {
        case .verifying, .verified, .inProgress: true
        case .completed, .denied, .withdrawn, .unverifiable: false
        }
    }
}

/// How a request reached the organisation; the legal clock starts at its receipt whatever the channel.
public enum RequestChannel: String, Hashable, Sendable, Codable, CaseIterable {
    case web, email, phone, mail, inPerson, agent
}

/// The grounds on which a request may be denied (CCPA §1798.105(d), §1798.145; GDPR Art. 12(5), 17(3)): a closed
/// list, so reports can count denials by ground.
public enum RequestExemption: String, Hashable, Sendable, Codable, CaseIterable {
    /// Needed to complete a transaction or perform a contract with the person.
    case completingTransaction
    /// Needed to detect security incidents or protect against fraud.
    case security
    /// Needed to find and repair errors in existing functionality.
    case debugging
    /// Exercising free speech, or another's right to it.
    case freeSpeech
    /// Compliance with a legal obligation.
    case legalObligation
    /// The establishment, exercise or defence of legal claims.
    case legalClaims
    /// Public-interest research.
    case research
    /// Solely internal uses reasonably aligned with the person's expectations.
    case internalUses
    /// Manifestly unfounded or excessive (GDPR Art. 12(5)), for instance repetitive.
    case manifestlyUnfoundedOrExcessive
    /// The requester's identity could not be verified.
    case unverifiable
    /// The person is not a consumer the organisation holds data about, or the law does not apply.
    case notApplicable
}
