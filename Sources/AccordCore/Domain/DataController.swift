import Foundation

/// Who asks for consent (GDPR Art. 13(1)(a)): the organisation that decides what the data is used for, and how to
/// reach it. The banner and the preference center show it; `Notice` resolves it with the privacy policy's link.
public struct DataController: Hashable, Sendable, Codable {
    /// The organisation's name as visitors know it (`Example Shop GmbH`).
    public var name: String
    /// An e-mail address (`privacy@example.org`) or an https address of a contact page.
    public var contact: String

    /// A controller from its name and contact.
    public init(name: String, contact: String) {
        self.name = name
        self.contact = contact
    }

    /// The contact as a link: `mailto:` for an e-mail address, the address itself for a web page; nil for neither.
    public var contactHref: String? {
        if Self.isEmailAddress(contact) { return "mailto:\(contact)" }
        return Self.isWebAddress(contact) ? contact : nil
    }

    /// One `@`, something before it, a dotted domain after it, and no spaces or characters that break a link.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !text.contains { $0.isWhitespace || "<>\"'()[],;:\\".contains($0) }
    }

    /// An absolute `https:` (or `http:`) address with a host: the only links Accord puts in front of visitors.
    public static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 2048, !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
            let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}

/// What a banner or preference center tells a visitor about who asks and where to read more, in one locale.
public struct Notice: Hashable, Sendable, Codable {
    /// The controller's name; nil when none is configured.
    public var controller: String?
    /// The contact as configured (an address or a web page).
    public var contact: String?
    /// The contact as a link (`mailto:` or https).
    public var contactHref: String?
    /// The privacy policy for the served locale, else the default locale's; nil when none is configured.
    public var policyUrl: String?
    /// The link's label in the served locale ("Privacy policy").
    public var policyLabel: String
    /// The label before a purpose's third parties ("Shared with").
    public var vendorsLabel: String

    /// The notice of `property`'s draft for a visitor served in `locale` (what publishing it would show).
    public init(property: Property, locale: String) {
        self.init(controller: property.controller, policyUrl: property.privacyPolicyURL(for: locale), locale: locale)
    }

    /// The notice a published `policy` shows a visitor served in `locale`: the controller and privacy policy
    /// published with it (what a consent under it proves was shown), not the property's unpublished draft.
    public init(policy: PolicyVersion, locale: String) {
        self.init(controller: policy.controller, policyUrl: policy.privacyPolicyURL(for: locale), locale: locale)
    }

    private init(controller configured: DataController?, policyUrl: String?, locale: String) {
        controller = configured?.name
        contact = configured?.contact
        contactHref = configured?.contactHref
        self.policyUrl = policyUrl
        let language = String(locale.prefix { $0 != "-" }).lowercased()
        let labels = Self.labels[language] ?? Self.labels["en"] ?? ("Privacy policy", "Shared with")
        policyLabel = labels.policy
        vendorsLabel = labels.vendors
    }

    /// The two labels per language Accord ships; other languages read English.
    static let labels: [String: (policy: String, vendors: String)] = [
        "en": ("Privacy policy", "Shared with"),
        "de": ("Datenschutzerklärung", "Weitergegeben an"),
        "fr": ("Politique de confidentialité", "Partagé avec"),
        "es": ("Política de privacidad", "Compartido con"),
        "it": ("Informativa sulla privacy", "Condiviso con"),
        "nl": ("Privacyverklaring", "Gedeeld met"),
        "pt": ("Política de privacidade", "Partilhado com"),
    ]
}

extension Property {
    /// The privacy policy's address for `locale`: that locale's, then its language's, then the default locale's.
    public func privacyPolicyURL(for locale: String) -> String? {
        for candidate in LocaleFallback.chain(for: locale, defaultLocale: defaultLocale) {
            if let url = privacyPolicyURLs[candidate] { return url }
        }
        return nil
    }

    /// The locales offered (default first) that have no privacy-policy address of their own or by fallback: what
    /// publishing warns about.
    public var localesWithoutPrivacyPolicy: [String] {
        ([defaultLocale] + locales.filter { $0 != defaultLocale }).filter { privacyPolicyURL(for: $0) == nil }
    }
}

extension Property {
    /// What publishing this property warns about (publishing still goes ahead): the locales offered without a
    /// privacy-policy address, whose visitors would find no policy linked.
    public var publishWarnings: [String] {
        let missing = localesWithoutPrivacyPolicy
        guard !missing.isEmpty else { return [] }
        return [
            "No privacy-policy URL for \(missing.joined(separator: ", ")): the banner and the preference center link no "
                + "privacy policy for visitors served in \(missing.count == 1 ? "that locale" : "those locales")."
        ]
    }
}
