import Crypto
import Foundation

/// An immutable, published snapshot of what a property showed: its purposes and texts in every locale.
/// Events refer to it by number and by content hash, so an auditor can see exactly what was agreed to.
public struct PolicyVersion: Hashable, Sendable, Codable {
    /// Names one published version: what caches of versions are keyed by.
    public struct Key: Hashable, Sendable {
        /// The property the version belongs to.
        public var property: PropertyID
        /// The version's number within the property, as events carry it.
        public var version: Int

        /// Names version `version` of `property`.
        public init(_ property: PropertyID, _ version: Int) {
            self.property = property
            self.version = version
        }
    }

    /// The property this is a snapshot of.
    public let property: PropertyID
    /// Its number within the property, as events carry it in `policyVersion`; one number is published once only.
    public let version: Int
    /// Every purpose, retired ones included (marked), as defined at publication.
    public let purposes: [Purpose]
    /// The banner texts shown in each enabled locale, fully resolved.
    public let texts: [String: BannerTexts]
    /// The property's default locale at publication: where the locale fallback ends before English.
    public let defaultLocale: String
    /// Purposes new or changed in substance since the previous version: the ones people are asked again.
    public let changedPurposes: [PurposeKey]
    /// When it was published, truncated to milliseconds.
    public let publishedAt: Date
    /// Who published it: an API key's name, or `config apply`.
    public let publishedBy: String
    /// SHA-256 (hex) over the canonical JSON of purposes, texts, default locale, and the controller and privacy
    /// policies when set: the "texts shown".
    public let contentHash: String
    /// Who asked (name and contact) as the banner showed it under this version; nil when none was configured
    /// (and in versions published before the controller was part of a version).
    public let controller: DataController?
    /// The privacy policy's address per locale the banner linked under this version; nil when none was configured.
    public let privacyPolicyURLs: [String: String]?

    /// Snapshots `property` as version `version`, comparing with the `previous` version.
    public init(publishing property: Property, version: Int, previous: PolicyVersion?, at time: Date, by publisher: String) {
        self.property = property.id
        self.version = version
        // Topics publish as one purpose per preference key (`email.newsletter`), so writes and checks resolve them.
        self.purposes = property.purposes + property.preferencePurposes
        self.defaultLocale = property.defaultLocale
        self.texts = Dictionary(
            uniqueKeysWithValues: Set(property.locales + [property.defaultLocale]).map { locale in
                (locale, property.bannerTexts(for: LocaleFallback.chain(for: locale, defaultLocale: property.defaultLocale)))
            })
        self.changedPurposes = property.activePurposes.filter { purpose in
            guard let earlier = previous?.purposes.first(where: { $0.key == purpose.key }), !earlier.isRetired else { return true }
            return purpose.changedInSubstance(from: earlier)
        }.map(\.key)
        self.publishedAt = time.truncatedToMilliseconds
        self.publishedBy = publisher
        // Empty is stored as nil, so a version without them hashes exactly as versions did before they existed.
        self.controller = property.controller
        self.privacyPolicyURLs = property.privacyPolicyURLs.isEmpty ? nil : property.privacyPolicyURLs
        self.contentHash = PolicyVersion.hash(
            purposes: purposes, texts: texts, defaultLocale: defaultLocale, controller: controller, privacyPolicyURLs: privacyPolicyURLs)
    }

    /// The first version of a property, published when it is created.
    public static func initial(of property: Property, at time: Date, by publisher: String = "accord") -> PolicyVersion {
        PolicyVersion(publishing: property, version: property.currentPolicyVersion, previous: nil, at: time, by: publisher)
    }

    /// The purposes a visitor may choose for under this version.
    public var activePurposes: [Purpose] { purposes.filter { !$0.isRetired } }

    /// The canonical content: the notice's two keys are written only when set, so the bytes (and the hash) of a
    /// version without them are those of every version published before they were part of it.
    private struct HashedContent: Encodable {
        var purposes: [Purpose]
        var texts: [String: BannerTexts]
        var defaultLocale: String
        var controller: DataController?
        var privacyPolicyURLs: [String: String]?

        enum CodingKeys: String, CodingKey {
            case purposes, texts, defaultLocale, controller, privacyPolicyURLs
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(purposes, forKey: .purposes)
            try container.encode(texts, forKey: .texts)
            try container.encode(defaultLocale, forKey: .defaultLocale)
            try container.encodeIfPresent(controller, forKey: .controller)
            try container.encodeIfPresent(privacyPolicyURLs, forKey: .privacyPolicyURLs)
        }
    }

    static func hash(
        purposes: [Purpose], texts: [String: BannerTexts], defaultLocale: String, controller: DataController? = nil,
        privacyPolicyURLs: [String: String]? = nil
    ) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let content = HashedContent(
            purposes: purposes, texts: texts, defaultLocale: defaultLocale, controller: controller, privacyPolicyURLs: privacyPolicyURLs)
        // Encoding plain value types to JSON cannot fail; an empty hash would be caught by any audit.
        let bytes = (try? encoder.encode(content)) ?? Data()
        return SHA256.hash(data: bytes).hexString
    }

    /// The privacy policy's address for `locale` under this version: that locale's, its language's, the default's.
    public func privacyPolicyURL(for locale: String) -> String? {
        for candidate in LocaleFallback.chain(for: locale, defaultLocale: defaultLocale) {
            if let url = privacyPolicyURLs?[candidate] { return url }
        }
        return nil
    }
}
