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
        property.tcfPurposeMapping = ["necessary": [1], "marketing": [2, 3, 4], "analytics": [7, 8, 9]]
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
        #expect(open.purposeConsents == [1])
        #expect(open.purposeLegitimateInterests == [7, 8])
        #expect(open.vendorLegitimateInterests == [8])
        let objected = TCStringBuilder.build(
            choices: [:], property: property, vendorList: vendorList, cmp: cmp, locale: "en", vendorObjections: [8], at: now)
        #expect(objected.vendorLegitimateInterests == [])
        let denied = TCStringBuilder.build(
            choices: ["analytics": .denied], property: property, vendorList: vendorList, cmp: cmp, locale: "xx1", at: now)
        #expect(denied.purposeLegitimateInterests == [])
        #expect(denied.consentLanguage == "XX")
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
