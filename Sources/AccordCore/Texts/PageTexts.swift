/// The words Accord's own pages show around a property's texts: headings, notices and the messages of the page
/// that refuses a link or a form. Shipped in every locale of `ShippedTranslations.locales`; unlike `BannerTexts`
/// they are not part of a policy version, so adding one changes no policy hash and no experience.
public struct PageTexts: Hashable, Sendable {
    /// The shipped locale these texts are in, for the page's `lang`.
    public var locale: String
    /// The heading over a preference center's history.
    public var history: String
    /// The notice after a choice was saved.
    public var saved: String
    /// The title of the page that says why a link or a form cannot be used.
    public var problemTitle: String
    /// A preference link that was tampered with or never issued.
    public var linkInvalid: String
    /// A preference link past its expiry.
    public var linkExpired: String
    /// A form post that did not come from Accord's own page.
    public var formFromElsewhere: String
    /// A visitor's form whose token is missing, expired or was issued to another browser.
    public var formExpired: String
    /// The same for the form opened from a preference link.
    public var linkFormExpired: String

    /// The texts in the first locale of a fallback chain that Accord ships them in, else English.
    public static func resolve(_ chain: [String]) -> PageTexts {
        chain.lazy.compactMap { ShippedTranslations.pages[$0] }.first ?? ShippedTranslations.englishPages
    }

    /// The texts for a requested locale (unchecked: anything unknown falls back) on a property's default locale.
    public static func resolve(requested: String?, defaultLocale: String) -> PageTexts {
        resolve(LocaleFallback.chain(for: requested, defaultLocale: defaultLocale))
    }
}
