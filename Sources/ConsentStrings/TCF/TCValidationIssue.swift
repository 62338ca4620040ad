/// A policy problem found by ``TCString/validate()``: the string decodes, but a CMP following the
/// TCF policies would not have written it.
public struct TCValidationIssue: Hashable, Sendable, CustomStringConvertible {
    /// What rule is broken.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable, lower-camel-case name of the rule.
        public let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }

        /// CMP ids 0 and 1 are never assigned to a registered CMP.
        public static let invalidCMPID = Code("invalidCmpId")
        /// `Created` and `LastUpdated` must carry the same value since TCF v2.2.
        public static let createdDiffersFromLastUpdated = Code("createdDiffersFromLastUpdated")
        /// The policy version is older than TCF v2.2 (policy version 4).
        public static let outdatedPolicyVersion = Code("outdatedPolicyVersion")
        /// Strings created after 2026-02-28 must carry the disclosed-vendors segment.
        public static let missingDisclosedVendors = Code("missingDisclosedVendors")
        /// A two-letter code holds a character outside `A`–`Z`.
        public static let invalidLetters = Code("invalidLetters")
    }

    /// The rule that is broken; the only part that takes part in equality.
    public let code: Code
    /// A human-readable, lower-case explanation.
    public let message: String

    /// Creates an issue.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { "\(code): \(message)" }
}
