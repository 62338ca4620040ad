import AccordCore
import Foundation

extension ConsolePage {
    /// A property's banner texts in one locale: the property's own texts as a form, beside what the banner shows
    /// now (the version in force) and what it would show once the draft is published, changes marked.
    struct Texts: Sendable {
        struct Field: Sendable {
            var name: String
            var value: String
            /// The draft's text (own or shipped) when the field is left empty.
            var draft: String
            var published: String
            var changed: Bool
            var error: String?
        }
        struct Link: Sendable {
            var href: String
            var locale: String
            var current: Bool
        }
        var csrf: String
        var canEdit: Bool
        var etag: String
        var action: String
        var locale: String
        var version: Int
        var configurationHref: String
        var locales: [Link]
        var fields: [Field]
        var changedCount: Int
    }
}

extension ConsolePage.Model {
    /// The texts page of `property` in `locale`; `values` and `errors` keep a refused form's input.
    static func textsPage(
        property: Property, locale: String, published: PolicyVersion?, canEdit: Bool, csrf: String, chrome: ConsolePage.Chrome,
        values: [String: String]? = nil, field: String? = nil, message: String? = nil, notice: String? = nil, alert: String? = nil
    ) -> Self {
        var model = Self(title: "Banner texts: \(property.name), \(locale)", chrome: chrome)
        model.notice = notice
        model.alert = alert
        let draft = property.bannerTexts(for: LocaleFallback.chain(for: locale, defaultLocale: property.defaultLocale)).values
        let shown = published.flatMap { $0.texts[locale] ?? $0.texts[$0.defaultLocale] }?.values ?? [:]
        let own = values ?? property.texts[locale] ?? [:]
        let base = "/console/properties/\(property.id.rawValue)/texts"
        let fields = BannerTexts.fields.map { name in
            ConsolePage.Texts.Field(
                name: name, value: own[name] ?? "", draft: draft[name] ?? "", published: shown[name] ?? "",
                changed: published != nil && shown[name] != draft[name], error: name == field ? message : nil)
        }
        model.texts = ConsolePage.Texts(
            csrf: csrf, canEdit: canEdit, etag: PropertyTag.of(property), action: "\(base)/\(locale)", locale: locale,
            version: property.currentPolicyVersion, configurationHref: "/console/properties/\(property.id.rawValue)",
            locales: Array(Set(property.locales + [property.defaultLocale] + [locale])).sorted().map {
                .init(href: "\(base)/\($0)", locale: $0, current: $0 == locale)
            },
            fields: fields, changedCount: fields.filter(\.changed).count)
        return model
    }
}
