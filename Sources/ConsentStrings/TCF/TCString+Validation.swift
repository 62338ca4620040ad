extension TCString {
    /// The lowest policy version this library accepts without an issue: 4, TCF v2.2.
    public static let minimumPolicyVersion = 4

    /// Strings created at or after this instant must carry the disclosed-vendors segment
    /// (2026-03-01T00:00:00Z, the first day after 2026-02-28).
    public static let disclosedVendorsRequiredFrom = Timestamp(year: 2026, month: 3, day: 1)

    /// Checks the decoded string against the TCF policies and returns every problem found, in a
    /// fixed order; an empty array means none. Decoding never applies these rules.
    public func validate() -> [TCValidationIssue] {
        var issues: [TCValidationIssue] = []
        if cmpID < 2 {
            issues.append(TCValidationIssue(.invalidCMPID, "cmp id \(cmpID) is reserved and never registered"))
        }
        if created != lastUpdated {
            issues.append(
                TCValidationIssue(
                    .createdDiffersFromLastUpdated, "created \(created) differs from last updated \(lastUpdated)"))
        }
        if policyVersion < Self.minimumPolicyVersion {
            issues.append(
                TCValidationIssue(
                    .outdatedPolicyVersion,
                    "policy version \(policyVersion) is older than \(Self.minimumPolicyVersion) (tcf v2.2)"))
        }
        if created >= Self.disclosedVendorsRequiredFrom && disclosedVendors == nil {
            issues.append(
                TCValidationIssue(.missingDisclosedVendors, "strings created after 2026-02-28 need disclosed vendors"))
        }
        for (name, letters) in [("consent language", consentLanguage), ("publisher country", publisherCountryCode)]
        where !letters.utf8.allSatisfy({ (65...90).contains($0) }) {
            issues.append(TCValidationIssue(.invalidLetters, "\(name) '\(letters)' is not two letters a-z"))
        }
        return issues
    }
}
