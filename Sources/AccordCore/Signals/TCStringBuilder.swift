import ConsentStrings
import Foundation

/// The registered CMP whose id and version a generated TC string carries (`tcf.cmpId`, `tcf.cmpVersion`).
public struct CMPIdentity: Hashable, Sendable {
    /// The CMP id the IAB registered for this deployment (`tcf.cmpId`); 12 bits in a TC string.
    public var id: Int
    /// The CMP version written beside it (`tcf.cmpVersion`, default 1); 12 bits in a TC string.
    public var version: Int

    /// An identity from its parts, as the server settings give them.
    public init(id: Int, version: Int) {
        self.id = id
        self.version = version
    }
}

/// Builds the TC string for a visitor's choices. Pure: the property, its vendor list and the time are given.
///
/// - A TCF purpose has consent when some purpose of the property maps to it and every purpose mapping to
///   it is granted (a purpose without a choice counts as denied: TCF is opt-in).
/// - Legitimate interest is disclosed for the TCF purposes that allow it (2, 7 to 11) and some disclosed
///   vendor declares, unless the visitor objected to it or denied a purpose mapping to it (a denial objects).
/// - A vendor has consent unless the visitor refused it, when one of its consent purposes has consent or
///   one of its special features is opted in: the purpose signals still bound what it may do. Its legitimate
///   interest stands unless the visitor objected to the vendor, when one of its LI purposes stands.
/// - Special features are opted in only as the visitor chose, and only those some disclosed vendor declares.
/// - The disclosed vendors are the property's (`tcfVendors`, else the whole list), without deleted ones.
/// - Created and last updated are the same day, at midnight UTC, so the string does not fingerprint.
public enum TCStringBuilder {
    /// The purposes TCF v2.2 allows to rest on legitimate interest.
    public static let legitimateInterestPurposes: Set<Int> = [2, 7, 8, 9, 10, 11]

    /// The TC string for `choices` and the vendor-layer choices `tcf`, dated `now`'s UTC day, in `locale`'s language.
    public static func build(
        choices: [PurposeKey: ConsentChoice], tcf: TCFChoices = TCFChoices(), property: Property,
        vendorList: GlobalVendorList, cmp: CMPIdentity, locale: String, at now: Date
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
        let vendors = vendorList.disclosedVendors(for: property)
        var consents = IDSet()
        var interests = IDSet()
        for id in TCFPurposeMapping.purposeIDs {
            let mapped = property.tcfPurposeMapping.filter { $0.value.contains(id) }.map(\.key)
            if !mapped.isEmpty && mapped.allSatisfy({ choices[$0] == .granted }) { consents.insert(id) }
            if legitimateInterestPurposes.contains(id), !tcf.purposeObjections.contains(id),
                vendors.contains(where: { $0.legIntPurposes.contains(id) }),
                !mapped.contains(where: { choices[$0] == .denied })
            {
                interests.insert(id)
            }
        }
        let declared = Set(vendors.flatMap(\.specialFeatures))
        let optIns = tcf.specialFeatureOptIns.intersection(declared)
        tc.purposeConsents = consents
        tc.purposeLegitimateInterests = interests
        tc.specialFeatureOptIns = IDSet(optIns)
        tc.vendorConsents = IDSet(
            vendors.filter {
                !tcf.vendorsRefused.contains($0.id)
                    && ($0.purposes.contains(where: consents.contains) || $0.specialFeatures.contains(where: optIns.contains))
            }.map(\.id))
        tc.vendorLegitimateInterests = IDSet(
            vendors.filter {
                !tcf.vendorObjections.contains($0.id) && $0.legIntPurposes.contains(where: interests.contains)
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
