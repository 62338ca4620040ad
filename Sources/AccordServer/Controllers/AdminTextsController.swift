import AccordCore
import Foundation
import Hummingbird

/// Region rules and banner texts of a property's draft (scope `admin`).
struct AdminTextsController {
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/region-rules", use: rules)
        router.put("/v1/admin/properties/:property/region-rules", use: replaceRules)
        router.get("/v1/admin/properties/:property/texts", use: texts)
        router.get("/v1/admin/properties/:property/texts/:locale", use: localeTexts)
        router.put("/v1/admin/properties/:property/texts/:locale", use: replaceTexts)
        router.delete("/v1/admin/properties/:property/texts/:locale", use: removeTexts)
    }

    @Sendable func rules(_ request: Request, context: AdminRequestContext) async throws -> Response {
        return try JSONBody.response(try await editor.property(context).regionRules)
    }

    @Sendable func replaceRules(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let rules = try await JSONBody.decode(RegionRules.self, from: request, context: context)
        let saved = try await editor.change(property, request, context, action: "regionRules.update") { $0.regionRules = rules }
        return try JSONBody.response(saved.regionRules)
    }

    @Sendable func texts(_ request: Request, context: AdminRequestContext) async throws -> Response {
        return try JSONBody.response(try await editor.property(context).texts)
    }

    struct LocaleTexts: Encodable {
        var locale: String
        /// The property's own texts for the locale.
        var overrides: [String: String]
        /// What the banner shows: overrides over the shipped translation, with the locale's fallbacks.
        var effective: BannerTexts
    }

    @Sendable func localeTexts(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let locale = try Self.locale(context)
        let chain = LocaleFallback.chain(for: locale, defaultLocale: property.defaultLocale)
        return try JSONBody.response(
            LocaleTexts(locale: locale, overrides: property.texts[locale] ?? [:], effective: property.bannerTexts(for: chain)))
    }

    @Sendable func replaceTexts(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let locale = try Self.locale(context)
        let values = try await JSONBody.decode([String: String].self, from: request, context: context)
        let saved = try await editor.change(property, request, context, action: "texts.update", target: locale) {
            $0.texts[locale] = values
        }
        return try JSONBody.response(saved.texts[locale] ?? [:])
    }

    @Sendable func removeTexts(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let locale = try Self.locale(context)
        guard property.texts[locale] != nil else { throw ConfigurationError.textsNotFound(locale) }
        _ = try await editor.change(property, request, context, action: "texts.delete", target: locale) { $0.texts[locale] = nil }
        return Response(status: .noContent)
    }

    /// The `{locale}` of the path: a BCP 47 tag, as the texts are keyed (422 otherwise, for reads too).
    private static func locale(_ context: AdminRequestContext) throws -> String {
        let locale = try context.parameters.require("locale")
        guard RequestValidation.isLocale(locale) else {
            throw APIError.invalid("locale_invalid", "locale must be a BCP 47 tag such as de or de-AT", field: "locale")
        }
        return locale
    }
}
