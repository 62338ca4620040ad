import AccordCore
import ConsentStrings
import Foundation
import Testing

@Suite struct SignalBuilderTests {
    var property: Property {
        var property = DemoProperty.make()
        property.tcfEnabled = true
        property.gppEnabled = true
        property.defaultRegion = "DE"
        property.tcfPurposeMapping = ["marketing": [1, 2, 3, 4], "analytics": [7, 8, 9]]
        return property
    }
    var vendorList: GlobalVendorList {
        var list = GlobalVendorList(vendorListVersion: 120, tcfPolicyVersion: 5, lastUpdated: "2026-11-19T16:05:29Z")
        list.vendors = [
            4: .init(id: 4, name: "Ads", purposes: [1, 2, 3, 4]),
            8: .init(id: 8, name: "Measurement", purposes: [1], legIntPurposes: [7, 8]),
            9: .init(id: 9, name: "Gone", purposes: [1]),
        ]
        list.vendors[9]?.deletedDate = "2024-01-01T00:00:00Z"
        return list
    }
    let cmp = CMPIdentity(id: 300, version: 2)
    let now = Date(millisecondsSince1970: 1_795_000_123_456)

    @Test func grantedPurposesGiveTCFConsentsAndVendorsThatNeedOnlyThem() throws {
        let tc = TCStringBuilder.build(
            choices: ["marketing": .granted, "analytics": .denied], property: property, vendorList: vendorList, cmp: cmp,
            locale: "de-AT", at: now)
        #expect(tc.purposeConsents == [1, 2, 3, 4])
        #expect(tc.purposeLegitimateInterests == [])
        #expect(tc.vendorConsents == [4, 8])
        #expect(tc.vendorLegitimateInterests == [])
        #expect(tc.disclosedVendors == [4, 8])
        #expect(tc.consentLanguage == "DE")
        #expect(tc.publisherCountryCode == "DE")
        #expect(tc.cmpID == 300 && tc.cmpVersion == 2 && tc.vendorListVersion == 120 && tc.policyVersion == 5)
        #expect(tc.created == tc.lastUpdated)
        #expect(tc.created.deciseconds % 864_000 == 0)
        #expect(tc.validate().isEmpty)
        #expect(try TCString(try tc.encoded()) == tc)
    }

    @Test func legitimateInterestStandsUnlessTheMappedPurposeIsDeniedOrTheVendorObjected() {
        let open = TCStringBuilder.build(choices: [:], property: property, vendorList: vendorList, cmp: cmp, locale: "en", at: now)
        #expect(open.purposeConsents == [])
        #expect(open.vendorConsents == [])
        #expect(open.purposeLegitimateInterests == [7, 8])
        #expect(open.vendorLegitimateInterests == [8])
        let objected = TCStringBuilder.build(
            choices: [:], tcf: TCFChoices(vendorObjections: [8]), property: property, vendorList: vendorList, cmp: cmp,
            locale: "en", at: now)
        #expect(objected.vendorLegitimateInterests == [])
        let denied = TCStringBuilder.build(
            choices: ["analytics": .denied], property: property, vendorList: vendorList, cmp: cmp, locale: "xx1", at: now)
        #expect(denied.purposeLegitimateInterests == [])
        #expect(denied.consentLanguage == "XX")
    }

    /// A vendor with consent, a vendor on legitimate interest only, one with a special feature and one that
    /// only the special feature would give consent.
    var layeredList: GlobalVendorList {
        var list = vendorList
        list.vendors[10] = .init(id: 10, name: "Analytics only", purposes: [1, 7], legIntPurposes: [8, 9])
        list.vendors[11] = .init(id: 11, name: "Geo", purposes: [2])
        list.vendors[11]?.specialFeatures = [1]
        list.vendors[12] = .init(id: 12, name: "Scanner")
        list.vendors[12]?.specialFeatures = [2]
        return list
    }

    @Test func vendorHasConsentWhenOneOfItsPurposesHasItAndTheVisitorDidNotRefuseIt() {
        let analytics = TCStringBuilder.build(
            choices: ["analytics": .granted, "marketing": .denied], property: property, vendorList: layeredList, cmp: cmp,
            locale: "en", at: now)
        #expect(analytics.purposeConsents == [7, 8, 9])
        // Vendor 10 uses 1 and 7: the purpose bits, not the vendor bit, keep it from storing (purpose 1).
        #expect(analytics.vendorConsents == [10])
        let refused = TCStringBuilder.build(
            choices: ["analytics": .granted, "marketing": .granted], tcf: TCFChoices(vendorsRefused: [4, 10]),
            property: property, vendorList: layeredList, cmp: cmp, locale: "en", at: now)
        #expect(refused.vendorConsents == [8, 11])
    }

    @Test func objectionsToAPurposeEndTheLegitimateInterestOfVendorsThatRestOnlyOnIt() {
        let open = TCStringBuilder.build(choices: [:], property: property, vendorList: layeredList, cmp: cmp, locale: "en", at: now)
        #expect(open.purposeLegitimateInterests == [7, 8, 9])
        #expect(open.vendorLegitimateInterests == [8, 10])
        let objected = TCStringBuilder.build(
            choices: [:], tcf: TCFChoices(purposeObjections: [7, 8]), property: property, vendorList: layeredList, cmp: cmp,
            locale: "en", at: now)
        #expect(objected.purposeLegitimateInterests == [9])
        // Vendor 8 rests on 7 and 8 only; vendor 10 still has 9.
        #expect(objected.vendorLegitimateInterests == [10])
    }

    @Test func specialFeaturesAreOptedInOnlyAsChosenAndOnlyWhereADisclosedVendorDeclaresThem() {
        let none = TCStringBuilder.build(
            choices: ["marketing": .granted], property: property, vendorList: layeredList, cmp: cmp, locale: "en", at: now)
        #expect(none.specialFeatureOptIns == [])
        #expect(!none.vendorConsents.contains(12))
        var selected = property
        selected.tcfVendors = [4, 11, 12, 999]
        let chosen = TCStringBuilder.build(
            choices: [:], tcf: TCFChoices(specialFeatureOptIns: [1, 2]), property: selected, vendorList: layeredList,
            cmp: cmp, locale: "en", at: now)
        #expect(chosen.specialFeatureOptIns == [1, 2])
        #expect(chosen.vendorConsents == [11, 12])
        #expect(chosen.disclosedVendors == [4, 11, 12])
        selected.tcfVendors = [4]
        let undeclared = TCStringBuilder.build(
            choices: [:], tcf: TCFChoices(specialFeatureOptIns: [1, 2]), property: selected, vendorList: layeredList,
            cmp: cmp, locale: "en", at: now)
        #expect(undeclared.specialFeatureOptIns == [])
        #expect(undeclared.vendorConsents == [])
    }

    @Test func gppCarriesTheTCFSectionWhereItAppliesAndUSOptOutsElsewhere() throws {
        let tc = TCStringBuilder.build(choices: [:], property: property, vendorList: vendorList, cmp: cmp, locale: "en", at: now)
        let europe = try GPPStringBuilder.build(tcString: tc, choices: [:], property: property, regime: .optIn, gpc: false)
        #expect(europe.sections.map(\.id) == [.tcfEUv2])
        let us = try GPPStringBuilder.build(
            tcString: tc, choices: ["marketing": .denied], property: property, regime: .optOut, gpc: true)
        #expect(us.sections.map(\.id) == [.uspV1, .usNat])
        guard case .us(let national)? = us[.usNat], case .uspV1(let usp)? = us[.uspV1] else {
            Issue.record("sections missing")
            return
        }
        #expect(national["SaleOptOut"] == [1])
        #expect(national["TargetedAdvertisingOptOut"] == [1])
        #expect(national.gpc == true)
        #expect(usp.optOutSale == .yes)
        let decoded = try GPPString(try us.encoded())
        #expect(decoded == us)
    }
}
