import AccordCore
import Foundation
import Testing

/// Who asks and where to read more (issue 15, section 3): the controller and its contact, the privacy policy per
/// locale, the vendors per purpose, their validation, and the warning publishing gives without a policy.
@Suite struct NoticeTests {
    static func property() -> Property {
        Property(
            id: "shop", name: "Shop", allowedOrigins: [],
            purposes: [
                Purpose(key: "necessary", name: "Necessary", description: "Keeps the site working.", isRequired: true),
                Purpose(key: "analytics", name: "Analytics", description: "Counting visits.", vendors: ["Plausible"]),
            ],
            defaultLocale: "en", locales: ["en", "de", "fr"],
            controller: DataController(name: "Shop GmbH", contact: "privacy@shop.example"),
            privacyPolicyURLs: ["en": "https://shop.example/privacy", "de": "https://shop.example/de/datenschutz"])
    }

    static func refusal(_ property: Property) -> ConfigurationError? {
        do {
            try PropertyValidator.validate(property)
            return nil
        } catch {
            return error
        }
    }

    @Test func thePolicyFollowsTheLocaleThenItsLanguageThenTheDefault() {
        let property = Self.property()
        #expect(property.privacyPolicyURL(for: "de-AT") == "https://shop.example/de/datenschutz")
        #expect(property.privacyPolicyURL(for: "fr") == "https://shop.example/privacy")
        var none = property
        none.privacyPolicyURLs = [:]
        #expect(none.privacyPolicyURL(for: "en") == nil)
    }

    @Test func publishingWarnsForEveryOfferedLocaleWithoutAPolicy() {
        var property = Self.property()
        #expect(property.publishWarnings.isEmpty)  // fr falls back to the default locale's
        property.privacyPolicyURLs = ["de": "https://shop.example/de/datenschutz"]
        #expect(property.localesWithoutPrivacyPolicy == ["en", "fr"])
        #expect(property.publishWarnings.first?.contains("No privacy-policy URL for en, fr") == true)
    }

    @Test func aContactIsAnAddressOrAWebPageAndNothingElse() {
        #expect(DataController(name: "A", contact: "dpo@a.example").contactHref == "mailto:dpo@a.example")
        #expect(DataController(name: "A", contact: "https://a.example/contact").contactHref == "https://a.example/contact")
        for bad in ["javascript:alert(1)", "dpo@", "not an address", "mailto:dpo@a.example", "https://", "dpo@a.example\"><b"] {
            #expect(DataController(name: "A", contact: bad).contactHref == nil, "\(bad)")
        }
    }

    @Test func theValidatorRefusesEachBadValueAtItsField() {
        var property = Self.property()
        #expect(Self.refusal(property) == nil)
        property.controller?.contact = "javascript:alert(1)"
        #expect(Self.refusal(property)?.field == "controller.contact")
        property = Self.property()
        property.controller?.name = "  "
        #expect(Self.refusal(property)?.field == "controller.name")
        property = Self.property()
        property.privacyPolicyURLs["de"] = "javascript:alert(1)"
        #expect(Self.refusal(property)?.field == "privacyPolicyURLs.de")
        property = Self.property()
        property.privacyPolicyURLs["not a locale"] = "https://shop.example/x"
        #expect(Self.refusal(property)?.field == "privacyPolicyURLs.not a locale")
        property = Self.property()
        property.purposes[1].vendors = ["Plausible", "Plausible"]
        #expect(Self.refusal(property)?.field == "purposes[1].vendors[1]")
        property.purposes[1].vendors = [""]
        #expect(Self.refusal(property)?.field == "purposes[1].vendors[0]")
    }

    @Test func aPurposeWithoutVendorsEncodesAsBeforeSoPublishedHashesStay() throws {
        let plain = Purpose(key: "analytics", name: "Analytics", description: "Counting visits.")
        let json = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!json.contains("vendors"))
        let shared = Purpose(key: "analytics", name: "Analytics", description: "Counting visits.", vendors: ["Plausible"])
        #expect(try JSONDecoder().decode(Purpose.self, from: try JSONEncoder().encode(shared)) == shared)
        #expect(shared.changedInSubstance(from: plain))  // people agreed to recipients: asked again
    }

    @Test func theExperienceCarriesTheNoticeAndEachPurposesVendors() throws {
        let property = Self.property()
        let policy = PolicyVersion(publishing: property, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "test")
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: "DE", locale: "de")
        #expect(experience.notice?.controller == "Shop GmbH")
        #expect(experience.notice?.contactHref == "mailto:privacy@shop.example")
        #expect(experience.notice?.policyUrl == "https://shop.example/de/datenschutz")
        #expect(experience.notice?.policyLabel == "Datenschutzerklärung")
        #expect(experience.purposes.first { $0.key == "analytics" }?.vendors == ["Plausible"])
        #expect(experience.purposes.first { $0.key == "necessary" }?.vendors == nil)
    }

    @Test func configAsCodeKeepsTheControllerAndThePolicies() throws {
        let document = ConfigDocument(properties: [Self.property()])
        let decoded = try JSONDecoder().decode(ConfigDocument.self, from: try JSONEncoder().encode(document))
        #expect(decoded.properties.first?.controller == Self.property().controller)
        #expect(decoded.properties.first?.privacyPolicyURLs == Self.property().privacyPolicyURLs)
        #expect(decoded.properties.first?.purposes[1].vendors == ["Plausible"])
    }
}
