import AccordCore
import Foundation
import Testing

/// The comparison of any two policy versions: what the console's version page shows.
@Suite struct PolicyDiffTests {
    static func property() -> Property {
        Property(
            id: "shop", name: "Shop", allowedOrigins: [],
            purposes: [
                Purpose(key: "necessary", name: "Necessary", description: "Keeps the site working.", isRequired: true),
                Purpose(key: "analytics", name: "Analytics", description: "Counting visits."),
                Purpose(key: "marketing", name: "Marketing", description: "Ads elsewhere."),
            ],
            locales: ["en", "de"])
    }

    static func publish(_ property: Property, _ version: Int) -> PolicyVersion {
        PolicyVersion(publishing: property, version: version, previous: nil, at: Date(timeIntervalSince1970: 0), by: "test")
    }

    @Test func identicalVersionsDifferInNothing() {
        let version = Self.publish(Self.property(), 1)
        #expect(PolicyDiff(from: version, to: Self.publish(Self.property(), 2)).isEmpty)
    }

    @Test func renamedAddedAndRetiredPurposesAreListedWithWhetherPeopleAreAskedAgain() throws {
        var later = Self.property()
        later.purposes[1].name = "Audience measurement"
        later.purposes[2].isRetired = true
        later.purposes[0].lifetimeDays = 30  // no change in substance
        later.purposes.append(Purpose(key: "video", name: "Video", description: "Embedded films."))
        let diff = PolicyDiff(from: Self.publish(Self.property(), 1), to: Self.publish(later, 2))
        #expect(diff.purposes.map(\.key) == ["necessary", "analytics", "video", "marketing"])
        let necessary = try #require(diff.purposes.first)
        #expect(!necessary.inSubstance && necessary.before?.lifetimeDays == 365 && necessary.after?.lifetimeDays == 30)
        let analytics = diff.purposes[1]
        #expect(analytics.inSubstance && analytics.before?.name == "Analytics" && analytics.after?.name == "Audience measurement")
        #expect(diff.purposes[2].before == nil && diff.purposes[2].inSubstance)
        #expect(diff.purposes[3].after == nil && diff.purposes[3].before?.name == "Marketing")
        #expect(diff.texts.isEmpty)
    }

    @Test func bannerTextsAreComparedLocaleByLocaleInFieldOrder() {
        var later = Self.property()
        later.texts["de"] = ["title": "Datenschutz", "save": "Speichern!"]
        later.locales = ["en", "de", "fr"]
        let diff = PolicyDiff(from: Self.publish(Self.property(), 1), to: Self.publish(later, 2))
        let de = diff.texts.filter { $0.locale == "de" }
        #expect(de.map(\.field) == ["title", "save"])
        #expect(de.first?.after == "Datenschutz" && de.first?.before != nil && de.first?.before != "Datenschutz")
        let fr = diff.texts.filter { $0.locale == "fr" }
        #expect(fr.count == BannerTexts.fields.count && fr.allSatisfy { $0.before == nil && $0.after != nil })
        #expect(!diff.texts.contains { $0.locale == "en" })
    }

    @Test func readsFromTheFirstToTheSecondWhicheverIsNewer() {
        var later = Self.property()
        later.purposes[1].description = "Counting visits, anonymously."
        let forward = PolicyDiff(from: Self.publish(Self.property(), 1), to: Self.publish(later, 2))
        let backward = PolicyDiff(from: Self.publish(later, 2), to: Self.publish(Self.property(), 1))
        #expect(forward.purposes.first?.after?.description == "Counting visits, anonymously.")
        #expect(backward.purposes.first?.before?.description == "Counting visits, anonymously.")
    }
}
