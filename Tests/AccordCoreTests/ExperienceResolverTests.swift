import AccordCore
import Foundation
import Testing

@Suite struct ExperienceResolverTests {
    let property = DemoProperty.make()
    var policy: PolicyVersion { PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0)) }

    @Test(arguments: [
        ("DE", Regime.optIn, "GDPR", false),
        ("DE-BY", .optIn, "GDPR", false),
        ("FR", .optIn, "GDPR", false),
        ("NO", .optIn, "GDPR", false),
        ("GB", .optIn, "UK GDPR", false),
        ("CH", .optIn, "FADP", false),
        ("BR", .optIn, "LGPD", false),
        ("US-CA", .optOut, "CCPA/CPRA", true),
        ("US-CO", .optOut, "CPA", true),
        ("US-TX", .optOut, "TDPSA", true),
        ("US-NY", .noticeOnly, "none", false),
        ("US", .noticeOnly, "none", false),
        ("CA-QC", .optIn, "Quebec Law 25", false),
        ("CA-ON", .noticeOnly, "none", false),
        ("JP", .noticeOnly, "none", false),
    ])
    func shippedRulesApplyByRegion(region: String, regime: Regime, regulation: String, gpc: Bool) {
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: region, locale: "en")
        #expect(experience.regime == regime)
        #expect(experience.regulation == regulation)
        #expect(experience.honoursGPC == gpc)
        let analytics = experience.purposes.first { $0.key == "analytics" }
        #expect(analytics?.default == (regime == .optIn ? .denied : .granted))
        #expect(experience.purposes.first { $0.key == "necessary" }?.default == .granted)
    }

    @Test func unknownRegionIsTreatedAsOptIn() {
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: nil)
        #expect(experience.regime == .optIn)
        #expect(experience.purposes.allSatisfy { $0.required || $0.default == .denied })
    }

    @Test func defaultRegionIsUsedWhenNoneIsGiven() {
        var property = self.property
        property.defaultRegion = "US-CA"
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: nil)
        #expect(experience.regime == .optOut)
        #expect(experience.region == "US-CA")
    }

    @Test func gpcOptOutMarksOnlySaleAndSharingPurposesWhereHonoured() {
        let california = ExperienceResolver.resolve(property: property, policy: policy, region: "US-CA", locale: "en")
        #expect(california.purposes.filter(\.gpcOptOut).map(\.key) == ["marketing"])
        let germany = ExperienceResolver.resolve(property: property, policy: policy, region: "DE", locale: "en")
        #expect(germany.purposes.allSatisfy { !$0.gpcOptOut })
    }

    @Test(
        arguments: [
            ("de-AT", "de", "Alle ablehnen", "Statistik"),
            ("de", "de", "Alle ablehnen", "Statistik"),
            ("en-GB", "en", "Reject all", "Analytics"),
            ("sv", "en", "Reject all", "Analytics"),
            (nil, "en", "Reject all", "Analytics"),
        ] as [(String?, String, String, String)])
    func localesFallBackThroughTheirLanguageToTheDefault(requested: String?, served: String, reject: String, analytics: String) {
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: "DE", locale: requested)
        #expect(experience.locale == served)
        #expect(experience.texts.rejectAll == reject)
        #expect(experience.purposes.first { $0.key == "analytics" }?.name == analytics)
    }

    @Test func propertyTextsOverrideShippedOnesFieldByField() {
        var property = self.property
        property.texts = ["de": ["title": "Cookies bei Demo"]]
        let policy = PolicyVersion.initial(of: property, at: Date())
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: "DE", locale: "de")
        #expect(experience.texts.title == "Cookies bei Demo")
        #expect(experience.texts.acceptAll == "Alle akzeptieren")
    }

    @Test func ruleOverridesDefaultsAndLifetimes() {
        var property = self.property
        property.regionRules.rules.insert(
            RegionRule(
                regions: ["JP"], regime: .optIn, regulation: "APPI", purposeDefaults: ["analytics": .granted], lifetimeDays: ["marketing": 90]),
            at: 0)
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: "JP", locale: nil)
        #expect(experience.regulation == "APPI")
        #expect(experience.purposes.first { $0.key == "analytics" }?.default == .granted)
        #expect(experience.purposes.first { $0.key == "marketing" }?.default == .denied)
        #expect(experience.purposes.first { $0.key == "marketing" }?.lifetimeDays == 90)
    }

    @Test func shippedTranslationsAreComplete() {
        for locale in ShippedTranslations.locales {
            let values = ShippedTranslations.texts(for: locale) ?? [:]
            #expect(Set(values.keys) == Set(BannerTexts.fields), "\(locale)")
            #expect(values.values.allSatisfy { !$0.isEmpty })
        }
    }

    @Test func regionCodesAreCheckedAgainstISO3166() {
        #expect(RegionCatalog.countries.count == 249)
        #expect(RegionCatalog.isKnown("DE"))
        #expect(RegionCatalog.isKnown("US-CA"))
        #expect(RegionCatalog.isKnown("EEA"))
        #expect(RegionCatalog.isKnown("FR-75C"))
        #expect(!RegionCatalog.isKnown("XX"))
        #expect(!RegionCatalog.isKnown("US-ZZ"))
        #expect(!RegionCatalog.isKnown("de"))
        #expect(RegionCatalog.groups["EEA"]?.count == 30)
    }
}

@Suite struct PolicyVersionTests {
    @Test func publishingRecordsWhichPurposesChangedInSubstance() {
        var property = DemoProperty.make()
        let first = PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0))
        #expect(first.changedPurposes.count == 4)
        property.purposes[1].description = "Counting visits, now with heatmaps."
        property.purposes[2].lifetimeDays = 180
        property.purposes.append(Purpose(key: "newsletter", name: "Newsletter", description: "Emails about news.", channels: [.email]))
        let second = PolicyVersion(publishing: property, version: 2, previous: first, at: Date(), by: "test")
        #expect(second.changedPurposes == ["analytics", "newsletter"])
        #expect(second.contentHash != first.contentHash)
    }

    @Test func contentHashIsStableAcrossEncodings() throws {
        let property = DemoProperty.make()
        let one = PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 5))
        let data = try JSONEncoder().encode(one)
        let decoded = try JSONDecoder().decode(PolicyVersion.self, from: data)
        #expect(decoded == one)
        #expect(PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 9)).contentHash == one.contentHash)
    }

    @Test func missingTranslationsForEnabledLocalesAreNamed() {
        var property = DemoProperty.make()
        #expect(property.firstMissingTranslation() == nil)
        property.locales.append("sv")
        #expect(property.firstMissingTranslation() == "texts.sv.title")
        property.texts["sv"] = Dictionary(uniqueKeysWithValues: BannerTexts.fields.map { ($0, "x") })
        #expect(property.firstMissingTranslation() == "purposes.necessary.translations.sv")
        property.locales = ["en", "de-AT"]
        #expect(property.firstMissingTranslation() == nil)
    }
}
