import AccordCore
import HTTPTypes
import Testing

@testable import AccordServer

/// Domain errors keep the statuses they had when they were matched by their code strings.
@Suite struct ErrorStatusTests {
    @Test(arguments: ConfigurationError.Kind.allCases)
    func configurationErrorsKeepTheirCodeAndStatus(_ kind: ConfigurationError.Kind) {
        let expected: HTTPResponse.Status =
            switch kind.rawValue {
            case "purpose_not_found", "topic_not_found", "texts_not_found", "policy_not_found": .notFound
            case "property_exists", "purpose_exists": .conflict
            default: .unprocessableContent
            }
        let answer = APIError.from(ConfigurationError(kind, field: "purposes[0]", "why"))
        #expect(answer.status == expected)
        #expect(answer.code == kind.rawValue)
        #expect(answer.field == "purposes[0]")
        #expect(answer.message == "why")
    }

    @Test func aKeylessWriteAskingForMoreIsUnauthorizedAndOtherRequestErrorsUnprocessable() {
        #expect(APIError.from(ConsentRequestError.keyRequired(field: "subject")).status == .unauthorized)
        #expect(APIError.from(ConsentRequestError.keyRequired(field: "subject")).code == "key_required")
        #expect(APIError.from(ConsentRequestError.purposeUnknown("x")).status == .unprocessableContent)
        #expect(APIError.from(ConsentRequestError.consentStringInvalid(field: "gppString", issues: [])).code == "gpp_string_invalid")
    }

    @Test func refusedVendorListsAreUnprocessable() {
        let answer = APIError.from(VendorListError.outOfRange(field: "vendorListVersion", reason: "must be 1 to 4095"))
        #expect(answer.status == .unprocessableContent)
        #expect(answer.code == "gvl_value_invalid")
        #expect(answer.field == "vendorListVersion")
    }
}
