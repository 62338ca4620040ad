/// How sure the organisation must be of the requester's identity before acting (CCPA regulations §7060 to §7062),
/// per request type, as data.
public enum VerificationStrength: String, Hashable, Sendable, Codable, Comparable {
    /// No verification: opt-out of sale or sharing, limiting sensitive data (§7060(b)).
    case none
    /// A reasonable degree of certainty: the e-mail code (access to categories, deletion, §7062(a), §7062(d)).
    case reasonable
    /// A reasonably high degree: the code plus a second data point that matches, or an operator's recorded
    /// verification (access to specific pieces, §7062(c)).
    case reasonablyHigh

    private var rank: Int {
        switch self {
        case .none: 0
        case .reasonable: 1
        case .reasonablyHigh: 2
        }
    }

    /// By how much certainty is needed.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// The table: the strength each type needs. Access to specific pieces is looked up with `specificPieces`.
    public static let table: [RequestType: VerificationStrength] = [
        .optOut: .none, .limitSensitive: .none,
        .access: .reasonable, .deletion: .reasonable, .correction: .reasonable, .portability: .reasonablyHigh,
        .restriction: .reasonable, .objection: .reasonable, .appeal: .reasonable,
    ]

    /// The strength a request needs: the table's, raised to `reasonablyHigh` for access to specific pieces, and to at
    /// least `reasonable` when an agent asks (the consumer confirms with the code unless a power of attorney is
    /// recorded).
    public static func required(for type: RequestType, scope: AccessScope?, agent: Bool) -> VerificationStrength {
        var strength = table[type] ?? .reasonable
        if type == .access, scope == .specificPieces { strength = .reasonablyHigh }
        if agent { strength = max(strength, .reasonable) }
        return strength
    }
}

/// What an access request asks for: the categories of personal information, or the specific pieces.
public enum AccessScope: String, Hashable, Sendable, Codable, CaseIterable {
    case categories, specificPieces
}
