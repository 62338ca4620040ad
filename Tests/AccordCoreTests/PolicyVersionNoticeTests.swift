import AccordCore
import Crypto
import Foundation
import Testing

/// The controller and the privacy policies belong to what a consent proves: they are published with the policy
/// version, hashed with it only when set (so every version published before keeps its hash), and the banner shows
/// the published ones, not the draft's.
@Suite struct PolicyVersionNoticeTests {
    /// The canonical bytes as they were before the notice was part of a version: purposes, texts, default locale.
    private struct EarlierContent: Encodable {
        var purposes: [Purpose]
        var texts: [String: BannerTexts]
        var defaultLocale: String
    }

    private static func earlierHash(of version: PolicyVersion) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = try encoder.encode(
            EarlierContent(purposes: version.purposes, texts: version.texts, defaultLocale: version.defaultLocale))
        return SHA256.hash(data: bytes).hexString
    }

    @Test func aVersionWithoutControllerOrPolicyHashesAsVersionsDidBefore() throws {
        var property = NoticeTests.property()
        property.controller = nil
        property.privacyPolicyURLs = [:]
        let version = PolicyVersion(publishing: property, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "t")
        #expect(version.controller == nil && version.privacyPolicyURLs == nil)
        #expect(version.contentHash == (try Self.earlierHash(of: version)))
        let demo = PolicyVersion.initial(of: DemoProperty.make(), at: Date(timeIntervalSince1970: 0))
        #expect(demo.contentHash == (try Self.earlierHash(of: demo)))
    }

    @Test func aSnapshotStoredBeforeTheNoticeDecodesWithItsHashAndNoNotice() throws {
        var property = NoticeTests.property()
        property.controller = nil
        property.privacyPolicyURLs = [:]
        let version = PolicyVersion(publishing: property, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "t")
        let encoded = try JSONEncoder().encode(version)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["controller"] == nil && object["privacyPolicyURLs"] == nil)
        let decoded = try JSONDecoder().decode(PolicyVersion.self, from: encoded)
        #expect(decoded == version)
        #expect(decoded.contentHash == (try Self.earlierHash(of: version)))
    }

    @Test func theControllerAndPoliciesAreHashedAndKeptWithTheVersion() throws {
        let property = NoticeTests.property()
        let version = PolicyVersion(publishing: property, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "t")
        #expect(version.controller == property.controller)
        #expect(version.privacyPolicyURLs == property.privacyPolicyURLs)
        #expect(version.contentHash != (try Self.earlierHash(of: version)))
        var other = property
        other.controller?.contact = "dpo@shop.example"
        let changed = PolicyVersion(publishing: other, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "t")
        #expect(changed.contentHash != version.contentHash)
        var moved = property
        moved.privacyPolicyURLs["de"] = "https://shop.example/de/privacy"
        let relinked = PolicyVersion(publishing: moved, version: 1, previous: nil, at: Date(timeIntervalSince1970: 0), by: "t")
        #expect(relinked.contentHash != version.contentHash)
        let decoded = try JSONDecoder().decode(PolicyVersion.self, from: try JSONEncoder().encode(version))
        #expect(decoded == version)
        #expect(decoded.privacyPolicyURL(for: "de-AT") == "https://shop.example/de/datenschutz")
        #expect(decoded.privacyPolicyURL(for: "fr") == "https://shop.example/privacy")
    }

    @Test func changingTheControllerNeedsANewVersionAndTheBannerShowsThePublishedOne() async throws {
        let store = InMemoryConsentStore()
        let editor = ConfigurationEditor(store: store)
        var property = NoticeTests.property()
        property.locales = ["en"]  // publishing needs every text of every locale offered
        _ = try await editor.create(property, by: "test")
        let first = try await editor.publish("shop", by: "test")
        #expect(try await editor.hasUnpublishedChanges(try await editor.load("shop")) == false)

        let draft = try await editor.change("shop", by: "test", action: "notice.update") {
            $0.controller = DataController(name: "Shop Holding AG", contact: "privacy@holding.example")
        }
        #expect(try await editor.hasUnpublishedChanges(draft))
        let served = ExperienceResolver.resolve(property: draft, policy: first, region: "DE", locale: "de")
        #expect(served.notice?.controller == "Shop GmbH")
        #expect(served.notice?.contact == "privacy@shop.example")

        let second = try await editor.publish("shop", by: "test")
        #expect(second.contentHash != first.contentHash)
        #expect(second.controller?.name == "Shop Holding AG")
        let now = ExperienceResolver.resolve(property: draft, policy: second, region: "DE", locale: "de")
        #expect(now.notice?.controller == "Shop Holding AG")
        #expect(now.notice?.policyUrl == "https://shop.example/privacy")
        #expect(try await store.policyVersion(1, of: "shop") == first)
    }
}
