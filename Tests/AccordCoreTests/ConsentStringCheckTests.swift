import AccordCore
import ConsentStrings
import Foundation
import Testing

/// TC and GPP strings in consent submissions: accepted only where the property enables them, decodable,
/// policy-clean, and deciding mapped purposes.
@Suite struct ConsentStringCheckTests {
    var property: Property {
        var property = DemoProperty.make()
        property.tcfEnabled = true
        property.gppEnabled = true
        property.tcfPurposeMapping = ["analytics": [7, 8, 9], "marketing": [2, 3, 4]]
        return property
    }
    var policy: PolicyVersion { PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0)) }
    let subject = SubjectKey(bytes: Array(repeating: 1, count: 32))!

    static func tcString(purposes: IDSet, cmpID: Int = 300, lastUpdated: Timestamp? = nil) throws -> String {
        var tc = TCString(created: Timestamp(year: 2026, month: 3, day: 2), lastUpdated: lastUpdated)
        tc.cmpID = cmpID
        tc.vendorListVersion = 120
        tc.purposeConsents = purposes
        tc.vendorConsents = [4, 755]
        tc.disclosedVendors = [4, 755]
        return try tc.encoded()
    }

    func build(_ request: ConsentRequest, in property: Property? = nil) throws(ConsentRequestError) -> ConsentEvent {
        let property = property ?? self.property
        return try ConsentEventBuilder.build(
            request, property: property, policy: policy, rule: property.rule(for: "DE"), subject: subject,
            client: ClientContext(), authentication: .apiKey(prefix: "acc_test00"), id: EventID(rawValue: "x"),
            at: Date(millisecondsSince1970: 1_790_000_000_000))
    }

    @Test func tcStringDecidesMappedPurposesAndIsStoredAsGiven() throws {
        let tc = try Self.tcString(purposes: [1, 2, 3, 4, 7, 8])
        let event = try build(ConsentRequest(subject: "a", choices: nil, tcString: tc))
        #expect(event.choices == ["analytics": .denied, "marketing": .granted])
        #expect(event.tcString == tc)
    }

    @Test func explicitChoicesWinOverTheTCString() throws {
        let tc = try Self.tcString(purposes: [2, 3, 4])
        let event = try build(ConsentRequest(subject: "a", choices: ["marketing": "denied", "personalization": "granted"], tcString: tc))
        #expect(event.choices == ["analytics": .denied, "marketing": .denied, "personalization": .granted])
    }

    @Test func gppTCFSectionDecidesMappedPurposesToo() throws {
        let tc = try TCString(try Self.tcString(purposes: [7, 8, 9]))
        let gpp = try GPPString(sections: [.tcfEUv2(tc), .uspV1(try USPrivacyString("1YNN"))]).encoded()
        let event = try build(ConsentRequest(subject: "a", choices: nil, gppString: gpp))
        #expect(event.choices == ["analytics": .granted, "marketing": .denied])
        #expect(event.gppString == gpp)
    }

    @Test func stringsNeedTheirKindEnabled() throws {
        var plain = property
        plain.tcfEnabled = false
        plain.gppEnabled = false
        let tc = try Self.tcString(purposes: [1])
        #expect(throws: ConsentRequestError.consentStringNotEnabled(field: "tcString")) {
            try build(ConsentRequest(subject: "a", choices: ["analytics": "granted"], tcString: tc), in: plain)
        }
        #expect(throws: ConsentRequestError.consentStringNotEnabled(field: "gppString")) {
            try build(ConsentRequest(subject: "a", choices: ["analytics": "granted"], gppString: "DBABTA~1YNN"), in: plain)
        }
    }

    @Test func undecodableStringsNameTheCodecErrorCode() {
        do {
            _ = try build(ConsentRequest(subject: "a", choices: ["analytics": "granted"], tcString: "CO!!"))
            Issue.record("an undecodable string was accepted")
        } catch {
            #expect(error.code == "tc_string_malformed")
            #expect(error.field == "tcString")
            #expect(error.message.contains("invalidBase64"))
        }
        do {
            _ = try build(ConsentRequest(subject: "a", choices: ["analytics": "granted"], gppString: "DBABTA~1YNN~1YNN"))
            Issue.record("an undecodable string was accepted")
        } catch {
            #expect(error.code == "gpp_string_malformed")
            #expect(error.message.contains("sectionCountMismatch"))
        }
    }

    @Test func policyProblemsAreListed() throws {
        let tc = try Self.tcString(purposes: [1], cmpID: 1, lastUpdated: Timestamp(year: 2026, month: 3, day: 3))
        do {
            _ = try build(ConsentRequest(subject: "a", choices: ["analytics": "granted"], tcString: tc))
            Issue.record("a string breaking the policies was accepted")
        } catch {
            #expect(error.code == "tc_string_invalid")
            #expect(error.message.contains("invalidCmpId"))
            #expect(error.message.contains("createdDiffersFromLastUpdated"))
        }
    }

    @Test func withoutMappingTheStringDecidesNothing() throws {
        var unmapped = property
        unmapped.tcfPurposeMapping = [:]
        let tc = try Self.tcString(purposes: [1, 2, 3])
        #expect(throws: ConsentRequestError.choicesMissing) { try build(ConsentRequest(subject: "a", choices: nil, tcString: tc), in: unmapped) }
    }
}
