import ConsentStrings
import Foundation

/// The registered CMP whose id and version a generated TC string carries (`tcf.cmpId`, `tcf.cmpVersion`).
public struct CMPIdentity: Hashable, Sendable {
    public var id: Int
    public var version: Int

    public init(id: Int, version: Int) {
        self.id = id
        self.version = version
    }
}

/// Builds the TC string for a visitor's choices. Pure: the property, its vendor list and the time are given.
///
/// - A TCF purpose has consent when some purpose of the property maps to it and every purpose mapping to
///   it is granted (required purposes count as granted; a purpose without a choice as denied: TCF is opt-in).
/// - Legitimate interest is disclosed for the TCF purposes that allow it (2, 7 to 11) and some vendor
///   declares, unless a purpose mapping to it was denied (a denial objects).
/// - A vendor has consent when it declares consent purposes and all of them have consent; its legitimate
///   interest stands when it declares some, all are disclosed, and the visitor did not object to the vendor.
/// - Every vendor of the list is disclosed; no special feature is opted in (the banner does not ask).
/// - Created and last updated are the same day, at midnight UTC, so the string does not fingerprint.
public enum TCStringBuilder {
    /// The purposes TCF v2.2 allows to rest on legitimate interest.
    public static let legitimateInterestPurposes: Set<Int> = [2, 7, 8, 9, 10, 11]

    public static func build(
        choices: [PurposeKey: ConsentChoice], property: Property, vendorList: GlobalVendorList, cmp: CMPIdentity,
        locale: String, vendorObjections: Set<Int> = [], at now: Date
    ) -> TCString {
        let day = Int(now.timeIntervalSince1970 / 86_400) * 864_000
        var tc = TCString(created: Timestamp(deciseconds: day))
        tc.cmpID = cmp.id
        tc.cmpVersion = cmp.version
        tc.consentScreen = 1
        tc.consentLanguage = languageCode(locale)
        tc.vendorListVersion = vendorList.vendorListVersion
        tc.policyVersion = vendorList.tcfPolicyVersion
        tc.publisherCountryCode = property.defaultRegion.map { String($0.prefix(2)) } ?? "AA"
        let granted = { (key: PurposeKey) in property.purpose(key)?.isRequired == true || choices[key] == .granted }
        let vendors = vendorList.vendors.values.filter { $0.deletedDate == nil }
        var consents = IDSet()
        var interests = IDSet()
        for id in TCFPurposeMapping.purposeIDs {
            let mapped = property.tcfPurposeMapping.filter { $0.value.contains(id) }.map(\.key)
            if !mapped.isEmpty && mapped.allSatisfy(granted) { consents.insert(id) }
            if legitimateInterestPurposes.contains(id), vendors.contains(where: { $0.legIntPurposes.contains(id) }),
                !mapped.contains(where: { choices[$0] == .denied })
            {
                interests.insert(id)
            }
        }
        tc.purposeConsents = consents
        tc.purposeLegitimateInterests = interests
        tc.vendorConsents = IDSet(
            vendors.filter { !$0.purposes.isEmpty && $0.purposes.allSatisfy(consents.contains) }.map(\.id))
        tc.vendorLegitimateInterests = IDSet(
            vendors.filter {
                !$0.legIntPurposes.isEmpty && $0.legIntPurposes.allSatisfy(interests.contains)
                    && !vendorObjections.contains($0.id)
            }.map(\.id))
        tc.disclosedVendors = IDSet(vendors.map(\.id))
        return tc
    }

    /// The two-letter upper-case language of a BCP 47 tag; `EN` when it has none.
    static func languageCode(_ locale: String) -> String {
        let letters = locale.prefix(2).uppercased()
        return letters.count == 2 && letters.utf8.allSatisfy({ (65...90).contains($0) }) ? letters : "EN"
    }
}
