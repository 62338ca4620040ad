/// A policy problem found by ``GPPString/validate()`` in one section of a GPP string.
public struct GPPValidationIssue: Hashable, Sendable, CustomStringConvertible {
    /// The section at fault.
    public let section: GPPSectionID
    /// The problem, as the section's own validation reports it.
    public let issue: TCValidationIssue

    /// Creates an issue of `section`.
    public init(section: GPPSectionID, issue: TCValidationIssue) {
        self.section = section
        self.issue = issue
    }

    public var description: String { "\(section): \(issue)" }
}

extension GPPString {
    /// Checks the sections that carry a TCF v2 TC string (`tcfeuv2`) with ``TCString/validate()`` and
    /// returns every problem found, in section order; an empty array means none. Other sections have no
    /// policy rules beyond their encoding, which decoding already enforces.
    public func validate() -> [GPPValidationIssue] {
        sections.flatMap { section -> [GPPValidationIssue] in
            guard case .tcfEUv2(let tc) = section else { return [] }
            return tc.validate().map { GPPValidationIssue(section: section.id, issue: $0) }
        }
    }
}
