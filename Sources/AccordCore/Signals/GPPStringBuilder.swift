import ConsentStrings

/// Builds the GPP string for a visitor: the TCF section where the TCF applies, the US sections where the
/// visitor's regime is opt-out. Pure.
///
/// In `usnat` (v1) and `uspv1`, a visitor has opted out of sale, sharing or targeted advertising when a
/// purpose of that opt-out category is denied; notices count as given (the banner shows them), the
/// transaction is not MSPA-covered, and the GPC sub-section carries the browser's signal.
public enum GPPStringBuilder {
    /// The GPP string for `choices`; under `.noticeOnly` it has no section. Throws only if the `usnat` v1 layout were unknown.
    public static func build(
        tcString: TCString?, choices: [PurposeKey: ConsentChoice], property: Property, regime: Regime, gpc: Bool
    ) throws -> GPPString {
        var sections: [GPPSection] = []
        if let tcString, regime == .optIn { sections.append(.tcfEUv2(tcString)) }
        if regime == .optOut {
            let optedOut = { (category: Purpose.OptOutCategory) in
                property.activePurposes.contains { $0.optOutCategories.contains(category) && choices[$0.key] == .denied }
            }
            // 1 = opted out, 2 = did not opt out; notices 1 = given.
            let flag = { (category: Purpose.OptOutCategory) in [optedOut(category) ? 1 : 2] }
            var national = try USSection(id: .usNat)
            for notice in ["SharingNotice", "SaleOptOutNotice", "SharingOptOutNotice", "TargetedAdvertisingOptOutNotice"] {
                national[notice] = [1]
            }
            national["SaleOptOut"] = flag(.sale)
            national["SharingOptOut"] = flag(.sharing)
            national["TargetedAdvertisingOptOut"] = flag(.targetedAdvertising)
            national["MspaCoveredTransaction"] = [2]
            national.gpc = gpc
            sections.append(.us(national))
            sections.append(
                .uspV1(USPrivacyString(notice: .yes, optOutSale: optedOut(.sale) ? .yes : .no, lspaCovered: .no)))
        }
        return GPPString(sections: sections)
    }
}
