import Foundation
import Testing

@testable import AccordCore

/// Topics, `channel.topic` keys and what they synthesise for a policy version.
@Suite struct PreferenceTests {
    func property(_ topics: [Topic]) -> Property {
        var property = DemoProperty.make()
        property.topics = topics
        return property
    }

    let newsletter = Topic(key: "newsletter", name: ["en": "Newsletter", "de": "Rundbrief"], channels: [.email, .sms], frequencies: [.weekly])

    @Test(
        arguments: [
            ("email.newsletter", "email", "newsletter", nil),
            ("inApp.product-news", "inApp", "product-news", nil),
            ("sms.offers.monthly", "sms", "offers", "monthly"),
        ] as [(String, String, String, String?)])
    func preferenceKeysParse(_ text: String, _ channel: String, _ topic: String, _ frequency: String?) throws {
        let key = try #require(PreferenceKey(text))
        #expect(key.channel.rawValue == channel && key.topic.rawValue == topic && key.frequency?.rawValue == frequency)
        #expect(key.description == text && key.purposeKey.rawValue == text)
    }

    @Test(arguments: ["analytics", "fax.newsletter", "email.", ".newsletter", "email.News", "email.newsletter.hourly", "a.b.c.d"])
    func otherTextsAreNoPreferenceKeys(_ text: String) {
        #expect(PreferenceKey(text) == nil)
    }

    @Test func propertyResolvesOnlyTheChannelsAndFrequenciesATopicUses() {
        let property = property([newsletter])
        #expect(property.purpose("email.newsletter")?.name == "Newsletter")
        #expect(property.purpose("email.newsletter")?.translations["de"]?.name == "Rundbrief")
        #expect(property.purpose("sms.newsletter.weekly") != nil)
        #expect(property.purpose("push.newsletter") == nil)
        #expect(property.purpose("email.newsletter.daily") == nil)
        #expect(property.purpose("email.offers") == nil)
        #expect(property.preferenceKeys(on: .email).map(\.description) == ["email.newsletter"])
        #expect(
            property.preferencePurposes.map(\.key.rawValue) == [
                "email.newsletter", "email.newsletter.weekly", "sms.newsletter", "sms.newsletter.weekly",
            ])
    }

    @Test func aPublishedVersionCarriesPreferencesButTheBannerDoesNotAskThem() {
        let property = property([newsletter])
        let policy = PolicyVersion.initial(of: property, at: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(policy.activePurposes.contains { $0.key == "email.newsletter" })
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: "DE", locale: "en")
        #expect(!experience.purposes.contains { $0.key.contains(".") })
        #expect(experience.purposes.contains { $0.key == "analytics" })
    }

    @Test func aPropertyWithoutTopicsPublishesTheSameHashAsBefore() {
        let plain = DemoProperty.make()
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(PolicyVersion.initial(of: plain, at: time).purposes == plain.purposes)
    }

    @Test func choosingAFrequencyGrantsThePreferenceAndDeniesTheOtherFrequencies() {
        let topic = Topic(key: "news", name: ["en": "News"], channels: [.email], frequencies: [.daily, .weekly, .monthly])
        let available = property([topic]).preferencePurposes
        let expanded = PreferenceChoices.expand(["email.news.weekly": "granted"], available: available)
        #expect(
            expanded == [
                "email.news.weekly": "granted", "email.news": "granted", "email.news.daily": "denied", "email.news.monthly": "denied",
            ])
        // What the write says itself is never overridden.
        #expect(PreferenceChoices.expand(["email.news.daily": "granted", "email.news": "denied"], available: available)["email.news"] == "denied")
        #expect(PreferenceChoices.expand(["email.news": "denied"], available: available) == ["email.news": "denied"])
    }

    @Test(arguments: [
        (Topic(key: "Bad Key", name: ["en": "X"], channels: [.email]), "topics[0].key"),
        (Topic(key: "x", name: ["de": "X"], channels: [.email]), "topics[0].name.en"),
        (Topic(key: "x", name: ["en": " "], channels: [.email]), "topics[0].name.en"),
        (Topic(key: "x", name: ["en": "X"], channels: []), "topics[0].channels"),
        (Topic(key: "x", name: ["en": "X"], channels: [.sms, .sms]), "topics[0].channels[1]"),
        (Topic(key: "x", name: ["en": "X"], channels: [.sms], frequencies: [.daily, .daily]), "topics[0].frequencies[1]"),
        (Topic(key: "x", name: ["en": "X"], channels: [.sms], lifetimeDays: 0), "topics[0].lifetimeDays"),
    ])
    func invalidTopicsAreRefusedNamingTheField(_ topic: Topic, _ field: String) {
        #expect(throws: ConfigurationError.self) { try PropertyValidator.validate(property([topic])) }
        do {
            try PropertyValidator.validate(property([topic]))
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func aTopicKeyUsedTwiceIsRefused() {
        do {
            try PropertyValidator.validate(property([newsletter, newsletter]))
            Issue.record("accepted a duplicate topic")
        } catch {
            #expect(error.field == "topics[1].key")
        }
    }

    @Test func unsubscribeTokensOpenOnlyOnTheirPropertyAndUnaltered() throws {
        let sealer = UnsubscribeLinkSealer(secret: Array(repeating: 1, count: 32))
        let key = PreferenceKey(channel: .email, topic: "newsletter", frequency: .weekly)
        let token = try sealer.seal(subject: "ada@example.com", preference: key, property: "demo")
        let opened = try sealer.open(token, property: "demo")
        #expect(opened.subject == "ada@example.com" && opened.preference.description == "email.newsletter")
        #expect(!token.contains("ada"))
        #expect(throws: UnsubscribeLinkSealer.Invalid.self) { try sealer.open(token, property: "other") }
        var altered = Array(token)
        altered[20] = altered[20] == "A" ? "B" : "A"
        #expect(throws: UnsubscribeLinkSealer.Invalid.self) { try sealer.open(String(altered), property: "demo") }
        let otherSecret = UnsubscribeLinkSealer(secret: Array(repeating: 2, count: 32))
        #expect(throws: UnsubscribeLinkSealer.Invalid.self) { try otherSecret.open(token, property: "demo") }
    }

    @Test func topicsTravelInConfigurationAsCodeAndTheirChangesArePlanned() throws {
        let document = ConfigDocument(properties: [property([newsletter])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let decoded = try JSONDecoder().decode(ConfigDocument.self, from: try encoder.encode(document))
        #expect(decoded.properties.first?.topics == [newsletter])
        // A property without topics exports as before: no `topics` key.
        let plain = try JSONSerialization.jsonObject(with: try encoder.encode(ConfigDocument(properties: [DemoProperty.make()])))
        let exported = try #require(((plain as? [String: Any])?["properties"] as? [[String: Any]])?.first)
        #expect(exported["topics"] == nil && exported["purposes"] != nil)
        #expect(ConfigPlanner.changedFields(DemoProperty.make(), property([newsletter])) == ["topics"])
    }
}
