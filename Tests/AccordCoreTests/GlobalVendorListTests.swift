import AccordCore
import Foundation
import Testing

@Suite struct GlobalVendorListTests {
    static var sample: Data {
        get throws {
            try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("../Fixtures/vendor-list-v3.json"))
        }
    }

    @Test func readsVendorsPurposesAndVersions() throws {
        let list = try GlobalVendorList.parse(try Self.sample)
        #expect(list.gvlSpecificationVersion == 3)
        #expect(list.vendorListVersion == 120)
        #expect(list.tcfPolicyVersion == 5)
        #expect(list.lastUpdated == "2026-11-19T16:05:29Z")
        #expect(list.purposes.keys.sorted() == [1, 2, 3, 4, 7])
        #expect(list.purposes[2]?.illustrations.count == 1)
        #expect(list.specialPurposes.count == 2 && list.features.count == 1 && list.specialFeatures.count == 2)
        let google = try #require(list.vendors[755])
        #expect(google.purposes == [1, 3, 4])
        #expect(google.legIntPurposes == [2, 7])
        #expect(google.flexiblePurposes == [2, 7])
        #expect(google.cookieMaxAgeSeconds == 34_190_000)
        #expect(google.usesCookies && google.usesNonCookieAccess)
        #expect(google.deviceStorageDisclosureUrl == "https://www.gstatic.com/iabtcf/deviceStorageDisclosure.json")
        #expect(google.urls.first?.privacy == "https://business.safety.google/privacy/")
        #expect(google.dataRetention?.stdRetention == 548)
        #expect(list.vendors[4]?.dataRetention?.purposes == [7: 90])
        let deleted = try #require(list.vendors[8])
        #expect(deleted.cookieMaxAgeSeconds == nil)
        #expect(deleted.cookieRefresh == nil)
        #expect(deleted.deletedDate == "2024-06-01T00:00:00Z")
        #expect(deleted.urls.first?.legIntClaim == nil)
    }

    @Test func encodedFormReadsBackTheSame() throws {
        let list = try GlobalVendorList.parse(try Self.sample)
        #expect(try GlobalVendorList.parse(try JSONEncoder().encode(list)) == list)
    }

    @Test(arguments: [
        (#"{"gvlSpecificationVersion":2,"vendorListVersion":1}"#, VendorListError.unsupportedVersion(2)),
        (#"{"vendorListVersion":1}"#, .unsupportedVersion(nil)),
        ("not json", .malformed("the body is not JSON")),
        (#"[1,2]"#, .malformed("the body is not a JSON object")),
        (
            #"{"gvlSpecificationVersion":3,"vendorListVersion":1,"tcfPolicyVersion":5}"#,
            .malformed("lastUpdated is missing")
        ),
        (
            #"{"gvlSpecificationVersion":3,"vendorListVersion":1,"tcfPolicyVersion":5,"lastUpdated":"x","vendors":{"2":{"id":3,"name":"x"}}}"#,
            .idMismatch("vendors.2")
        ),
    ])
    func refusesWhatIsNotAVersionThreeList(json: String, expected: VendorListError) {
        #expect(throws: expected) { try GlobalVendorList.parse(Data(json.utf8)) }
    }

    /// A TC string carries the list version in 12 bits and the policy version in 6, and TCF v2.2 starts at 4.
    @Test(arguments: [
        ("vendorListVersion", 0), ("vendorListVersion", -1), ("vendorListVersion", 4096), ("tcfPolicyVersion", 3),
        ("tcfPolicyVersion", 0), ("tcfPolicyVersion", 64),
    ])
    func refusesVersionsATCStringCannotCarry(field: String, value: Int) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: try Self.sample) as? [String: Any])
        object[field] = value
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: VendorListError.self) { try GlobalVendorList.parse(data) }
        do {
            _ = try GlobalVendorList.parse(data)
        } catch {
            #expect(error.code == "gvl_value_invalid")
            #expect(error.field == field)
        }
    }

    @Test(arguments: [("vendorListVersion", 1), ("vendorListVersion", 4095), ("tcfPolicyVersion", 4), ("tcfPolicyVersion", 63)])
    func acceptsTheVersionsATCStringCanCarry(field: String, value: Int) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: try Self.sample) as? [String: Any])
        object[field] = value
        #expect(throws: Never.self) { try GlobalVendorList.parse(try JSONSerialization.data(withJSONObject: object)) }
    }
}
