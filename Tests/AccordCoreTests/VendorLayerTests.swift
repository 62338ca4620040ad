import AccordCore
import Foundation
import Testing

@Suite struct VendorLayerTests {
    var property: Property {
        var property = DemoProperty.make()
        property.tcfEnabled = true
        property.tcfPurposeMapping = ["marketing": [1, 2, 3, 4], "analytics": [1, 7]]
        return property
    }

    var list: GlobalVendorList {
        get throws {
            var list = try GlobalVendorList.parse(try GlobalVendorListTests.sample)
            list.vendors[4]?.urls = [
                .init(langId: "en", privacy: "https://roq.example/en", legIntClaim: "https://roq.example/en/li"),
                .init(langId: "de", privacy: "https://roq.example/de"),
            ]
            return list
        }
    }

    @Test func listsTheDisclosedVendorsByNameWithoutDeletedOnes() throws {
        let layer = VendorLayer(property: property, vendorList: try list, locale: "en")
        #expect(layer.vendors.map(\.id) == [755, 4])
        #expect(layer.vendorListVersion == 120 && layer.tcfPolicyVersion == 5 && layer.gvlSpecificationVersion == 3)
        let google = try #require(layer.vendors.first)
        #expect(google.legIntPurposes == [2, 7])
        #expect(google.dataRetention?.stdRetention == 548)
        #expect(google.cookieMaxAgeSeconds == 34_190_000)
        var selected = property
        selected.tcfVendors = [4]
        #expect(VendorLayer(property: selected, vendorList: try list, locale: "en").vendors.map(\.id) == [4])
    }

    @Test func purposesSayWhichPropertyPurposesGovernThemAndHowManyVendorsDeclareThem() throws {
        let layer = VendorLayer(property: property, vendorList: try list, locale: "en")
        #expect(layer.purposes.map(\.id) == [1, 2, 3, 4, 7])
        let storage = try #require(layer.purposes.first)
        #expect(storage.propertyPurposes == ["analytics", "marketing"])
        #expect(storage.consentVendors == 2)
        #expect(!storage.legitimateInterestAllowed)
        let measurement = try #require(layer.purposes.last)
        #expect(measurement.legitimateInterestAllowed)
        #expect(measurement.consentVendors == 1 && measurement.legIntVendors == 1)
        #expect(layer.specialFeatures.map(\.vendors) == [0, 1])
        #expect(layer.specialPurposes.count == 2)
    }

    @Test func policyLinksFollowTheVisitorsLanguageThenEnglish() throws {
        let german = VendorLayer(property: property, vendorList: try list, locale: "de-AT").vendors.first { $0.id == 4 }
        #expect(german?.privacyUrl == "https://roq.example/de")
        #expect(german?.legIntClaimUrl == nil)
        let french = VendorLayer(property: property, vendorList: try list, locale: "fr").vendors.first { $0.id == 4 }
        #expect(french?.privacyUrl == "https://roq.example/en")
        #expect(french?.legIntClaimUrl == "https://roq.example/en/li")
    }

    @Test func encodesRetentionOverridesWithPurposeIdsAsKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let layer = VendorLayer(property: property, vendorList: try list, locale: "en")
        let json = String(decoding: try encoder.encode(layer), as: UTF8.self)
        #expect(json.contains(#""dataRetention":{"purposes":{"7":90},"specialPurposes":{},"stdRetention":365}"#))
    }
}
