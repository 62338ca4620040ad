import ConsentStrings
import Testing

@Suite("TC string policy validation")
struct TCValidationTests {
    static func fresh() -> TCString {
        var tc = TCString(created: Timestamp(year: 2026, month: 3, day: 2))
        tc.cmpID = 300
        tc.policyVersion = 5
        tc.disclosedVendors = [1, 2]
        return tc
    }

    @Test("a string that follows the policies has no issue")
    func compliantStringHasNoIssue() {
        #expect(Self.fresh().validate().isEmpty)
    }

    @Test("decoding does not validate: a reserved cmp id decodes and is reported")
    func reservedCMPIDIsReportedNotRejected() throws {
        let tc = try TCString("CPSG_8APSG_8AAAAAAENAAFgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA")
        #expect(tc.cmpID == 0)
        #expect(tc.validate().map(\.code) == [.invalidCMPID])
    }

    @Test("created must equal last updated")
    func differingTimestampsAreReported() {
        var tc = Self.fresh()
        tc.lastUpdated = Timestamp(year: 2026, month: 3, day: 3)
        #expect(tc.validate().map(\.code) == [.createdDiffersFromLastUpdated])
    }

    @Test("policy versions before tcf v2.2 are reported")
    func outdatedPolicyVersionIsReported() throws {
        let tc = try TCString("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA")
        #expect(tc.validate().map(\.code) == [.outdatedPolicyVersion])
    }

    @Test(
        "disclosed vendors are required for strings created after 2026-02-28",
        arguments: [
            (Timestamp(year: 2026, month: 2, day: 28, hour: 23, minute: 59), false),
            (Timestamp(year: 2026, month: 3, day: 1), true),
        ])
    func disclosedVendorsRequiredAfterCutoff(created: Timestamp, required: Bool) {
        var tc = Self.fresh()
        tc.created = created
        tc.lastUpdated = created
        tc.disclosedVendors = nil
        #expect(tc.validate().contains { $0.code == .missingDisclosedVendors } == required)
    }

    @Test("every issue is listed, not just the first")
    func issuesAccumulate() {
        var tc = Self.fresh()
        tc.cmpID = 1
        tc.policyVersion = 2
        tc.disclosedVendors = nil
        #expect(tc.validate().map(\.code) == [.invalidCMPID, .outdatedPolicyVersion, .missingDisclosedVendors])
    }
}
