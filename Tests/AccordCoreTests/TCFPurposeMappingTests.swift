import AccordCore
import ConsentStrings
import Foundation
import Testing

@Suite struct TCFPurposeMappingTests {
    let purposes = DemoProperty.make().purposes
    let mapping: [PurposeKey: [Int]] = ["analytics": [7, 8, 9], "marketing": [2, 3, 4], "necessary": [1]]

    @Test func mappedPurposeIsGrantedOnlyWhenEveryTCFPurposeHasConsent() {
        let derived = TCFPurposeMapping.derive(mapping, purposeConsents: [1, 2, 3, 4, 7, 8], eligible: purposes)
        #expect(derived == ["analytics": .denied, "marketing": .granted, "necessary": .granted])
    }

    @Test func requiredPurposesAreNeverDerivedAsDenied() {
        let derived = TCFPurposeMapping.derive(mapping, purposeConsents: [], eligible: purposes)
        #expect(derived == ["analytics": .denied, "marketing": .denied])
    }

    @Test func purposesOutsideThePolicyAreNotDerived() {
        let derived = TCFPurposeMapping.derive(mapping, purposeConsents: [7, 8, 9], eligible: purposes.filter { $0.key != "analytics" })
        #expect(derived["analytics"] == nil)
    }

    @Test func explicitChoicesWinOverDerivedOnes() {
        let merged = TCFPurposeMapping.merge(
            explicit: ["analytics": "granted"], derived: ["analytics": .denied, "marketing": .granted])
        #expect(merged == ["analytics": "granted", "marketing": "granted"])
        #expect(TCFPurposeMapping.merge(explicit: nil, derived: ["marketing": .denied]) == ["marketing": "denied"])
    }

    @Test func validatorRefusesUnknownPurposesAndTCFIDsOutsideOneToEleven() {
        func field(_ mapping: [PurposeKey: [Int]]) -> String? {
            var property = DemoProperty.make()
            property.tcfPurposeMapping = mapping
            do {
                try PropertyValidator.validate(property)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(field(["ads": [1]]) == "tcfPurposeMapping.ads")
        #expect(field(["marketing": [2, 12]]) == "tcfPurposeMapping.marketing[1]")
        #expect(field(["marketing": [0]]) == "tcfPurposeMapping.marketing[0]")
        #expect(field(["marketing": []]) == "tcfPurposeMapping.marketing")
        #expect(field(["marketing": [2, 3, 4], "analytics": [11]]) == nil)
        #expect(field(["necessary": [1]]) == "tcfPurposeMapping.necessary")
    }

    @Test func validatorRefusesVendorIdsOutsideSixteenBitsAndRepeatedOnes() {
        func field(_ vendors: [Int]) -> String? {
            var property = DemoProperty.make()
            property.tcfVendors = vendors
            do {
                try PropertyValidator.validate(property)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(field([1, 755, 65_535]) == nil)
        #expect(field([4, 0]) == "tcfVendors[1]")
        #expect(field([65_536]) == "tcfVendors[0]")
        #expect(field([4, 8, 4]) == "tcfVendors[2]")
    }

    @Test func mappingRoundTripsThroughConfigAsCodeAndDefaultsToEmpty() throws {
        var property = DemoProperty.make()
        property.tcfPurposeMapping = ["marketing": [2, 3, 4]]
        let data = try JSONEncoder().encode(ConfigDocument(properties: [property]))
        let decoded = try JSONDecoder().decode(ConfigDocument.self, from: data)
        #expect(decoded.properties.first?.tcfPurposeMapping == ["marketing": [2, 3, 4]])
        property.tcfVendors = [755, 4]
        let selected = try JSONDecoder().decode(ConfigDocument.self, from: try JSONEncoder().encode(ConfigDocument(properties: [property])))
        #expect(selected.properties.first?.tcfVendors == [755, 4])
        let bare = try JSONDecoder().decode(Property.self, from: Data(#"{"id":"x","name":"X"}"#.utf8))
        #expect(bare.tcfPurposeMapping.isEmpty && bare.tcfVendors.isEmpty)
    }
}
