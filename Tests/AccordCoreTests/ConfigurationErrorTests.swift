import Testing

@testable import AccordCore

@Suite struct ConfigurationErrorTests {
    @Test func codesAreTheKindsRawValuesEachUsedOnce() {
        let codes = ConfigurationError.Kind.allCases.map(\.rawValue)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } }, "\(codes)")
        #expect(ConfigurationError.purposeNotFound("x").code == "purpose_not_found")
    }

    /// A refused `tcf.gvlPath` file keeps the vendor list's own code.
    @Test(arguments: [
        VendorListError.malformed("x"), .unsupportedVersion(2), .idMismatch("vendors.1"), .outOfRange(field: "x", reason: "y"),
    ])
    func aRefusedVendorListKeepsItsCode(_ error: VendorListError) {
        #expect(ConfigurationError.Kind(error).rawValue == error.code)
    }
}
