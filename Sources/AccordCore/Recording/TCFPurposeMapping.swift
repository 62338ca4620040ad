import ConsentStrings

/// Derives a property's own purpose choices from the IAB TCF purpose consents of a TC string.
///
/// A mapped purpose is granted only when every TCF purpose mapped to it has consent, and denied otherwise.
/// Explicit choices in the same submission win over derived ones: the TC string carries only the IAB
/// purposes, while the explicit choice is what the visitor said about the publisher's own purpose, so a
/// difference is recorded as the explicit choice rather than refused.
public enum TCFPurposeMapping {
    /// The purposes TCF v2.2 defines.
    public static let purposeIDs = 1...11

    /// The choice each mapped purpose gets from `purposeConsents`, for the purposes in `eligible` only.
    /// A derived denial of a required purpose is left out: required purposes are never denied.
    public static func derive(
        _ mapping: [PurposeKey: [Int]], purposeConsents: IDSet, eligible purposes: [Purpose]
    ) -> [PurposeKey: ConsentChoice] {
        var choices: [PurposeKey: ConsentChoice] = [:]
        for purpose in purposes {
            guard let ids = mapping[purpose.key], !ids.isEmpty else { continue }
            let granted = ids.allSatisfy(purposeConsents.contains)
            if !granted && purpose.isRequired { continue }
            choices[purpose.key] = granted ? .granted : .denied
        }
        return choices
    }

    /// `explicit` (as submitted, values not yet checked) with every derived choice it does not name added.
    public static func merge(explicit: [String: String]?, derived: [PurposeKey: ConsentChoice]) -> [String: String] {
        var merged = explicit ?? [:]
        for (key, choice) in derived where merged[key.rawValue] == nil {
            merged[key.rawValue] = choice.rawValue
        }
        return merged
    }
}
