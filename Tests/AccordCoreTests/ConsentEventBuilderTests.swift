import AccordCore
import Foundation
import Testing

@Suite struct ConsentEventBuilderTests {
    let property = DemoProperty.make()
    var policy: PolicyVersion { PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0)) }
    let subject = SubjectKey(bytes: Array(repeating: 1, count: 32))!
    let now = Date(millisecondsSince1970: 1_790_000_000_999)

    func build(
        _ request: ConsentRequest, client: ClientContext = ClientContext(),
        authentication: ConsentAuthentication = .apiKey(prefix: "acc_test00")
    ) throws(ConsentRequestError) -> ConsentEvent {
        try ConsentEventBuilder.build(
            request, property: property, policy: policy, rule: property.rule(for: "DE"), subject: subject, client: client,
            authentication: authentication, id: EventID(rawValue: "x"), at: now)
    }

    @Test func validRequestBecomesAnEventWithExpiriesAndReducedClientData() throws {
        let event = try build(
            ConsentRequest(
                subject: "a", choices: ["analytics": "granted", "marketing": "denied"], source: "banner", region: "US-CA", locale: "en-US", gpc: true),
            client: ClientContext(address: "198.51.100.23", userAgent: "Mozilla/5.0 Firefox/133.0"))
        #expect(event.choices == ["analytics": .granted, "marketing": .denied])
        #expect(event.expiresAt["analytics"] == now.addingTimeInterval(365 * 86_400))
        #expect(event.ipPrefix == "198.51.100.0")
        #expect(event.userAgent == "Firefox 133")
        #expect(event.policyHash == policy.contentHash)
        #expect(event.source == .banner)
    }

    @Test(arguments: [
        (ConsentRequest(subject: "a", choices: nil), ConsentRequestError.choicesMissing),
        (ConsentRequest(subject: "a", choices: [:]), .choicesMissing),
        (ConsentRequest(subject: "a", choices: ["ads": "granted"]), .purposeUnknown("ads")),
        (ConsentRequest(subject: "a", choices: ["analytics": "yes"]), .choiceInvalid(purpose: "analytics", value: "yes")),
        (ConsentRequest(subject: "a", choices: ["necessary": "denied"]), .requiredPurposeDenied("necessary")),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], source: "web"), .sourceInvalid("web")),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], region: "Germany"), .regionInvalid("Germany")),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], region: "de"), .regionInvalid("de")),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], locale: "german!"), .localeInvalid("german!")),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], idempotencyKey: "has space"), .idempotencyKeyInvalid),
        (ConsentRequest(subject: "a", choices: ["analytics": "granted"], clientTimestamp: "yesterday"), .clientTimestampInvalid),
        (
            ConsentRequest(subject: "a", choices: ["analytics": "granted"], tcString: String(repeating: "A", count: 16_385)),
            .valueTooLong(field: "tcString", limit: 16_384)
        ),
    ])
    func badRequestsNameTheirField(request: ConsentRequest, expected: ConsentRequestError) {
        #expect(throws: expected) { try build(request) }
    }

    @Test func errorsNameTheFieldAsAJSONPath() {
        #expect(ConsentRequestError.purposeUnknown("ads").field == "choices.ads")
        #expect(ConsentRequestError.subjectTooLong.field == "subject")
    }

    @Test func subjectsAreLimitedTo256Bytes() throws {
        #expect(try ConsentEventBuilder.validateSubject(String(repeating: "x", count: 256)).count == 256)
        #expect(throws: ConsentRequestError.subjectTooLong) {
            try ConsentEventBuilder.validateSubject(String(repeating: "é", count: 129))
        }
        #expect(throws: ConsentRequestError.subjectMissing) { try ConsentEventBuilder.validateSubject("") }
    }
}
