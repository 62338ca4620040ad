import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// A property's banner texts per locale as a form: every role reads them beside the version in force, owners and
/// editors save them through the audited `ConfigurationEditor` (action `texts.update`, as the admin API's
/// `PUT .../texts/{locale}`), with its compare-and-swap: a form opened before another change shows that change
/// instead of overwriting it. An empty field leaves the shipped translation in place.
struct ConsoleTextsController {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/properties/:property/texts/:locale", use: page)
        configuring.post("/console/properties/:property/texts/:locale", use: save)
    }

    private func load<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>) async throws -> (Property, String, PolicyVersion?) {
        guard let id = context.parameters.get("property"), let property = try await editor.store.property(PropertyID(rawValue: id)),
            let locale = context.parameters.get("locale"), RequestValidation.isLocale(locale)
        else { throw ConsoleRefusal.notFound }
        let published =
            property.currentPolicyVersion > 0 ? try await editor.store.policyVersion(property.currentPolicyVersion, of: property.id) : nil
        return (property, locale, published)
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    ) -> Response {
        forms.page(context, section: "/console/properties", status: status, pages: pages, build)
    }

    @Sendable func page(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let (property, locale, published) = try await load(context)
        let notice = request.uri.queryParameters["saved"].map { _ in "Saved. Publish a policy version to show it to visitors." }
        return render(context) {
            .textsPage(
                property: property, locale: locale, published: published, canEdit: context.user.role.grants(.configure), csrf: $0,
                chrome: $1, notice: notice)
        }
    }

    @Sendable func save(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let (property, locale, published) = try await load(context)
        var values: [String: String] = [:]
        for name in BannerTexts.fields {
            let value = (form[name]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { values[name] = value }
        }
        let etag = form["etag"]?.first ?? ""
        do {
            try await editor.change(
                property.id, by: context.actor, action: "texts.update", target: locale,
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(property.id) }
                }
            ) { $0.texts[locale] = values.isEmpty ? nil : values }
        } catch let error as ConfigurationError {
            let field = error.field.flatMap { path in BannerTexts.fields.first { path.hasSuffix(".\($0)") || path == $0 } }
            return render(context, status: .unprocessableContent) {
                .textsPage(
                    property: property, locale: locale, published: published, canEdit: true, csrf: $0, chrome: $1, values: values,
                    field: field, message: error.message, alert: field == nil ? "Not saved: \(error.message)" : nil)
            }
        } catch StoreError.concurrentChange {
            let (current, _, _) = try await load(context)
            return render(context, status: .conflict) {
                .textsPage(
                    property: current, locale: locale, published: published, canEdit: true, csrf: $0, chrome: $1,
                    alert: "Someone else changed this property after you opened the page. Their version is shown below; yours was "
                        + "not saved. What you sent: "
                        + values.sorted { $0.key < $1.key }.map { "\($0.key) “\($0.value)”" }.joined(separator: ", ") + ".")
            }
        }
        return Response(
            status: .seeOther,
            headers: [.location: "/console/properties/\(property.id.rawValue)/texts/\(locale)?saved=1", .cacheControl: "no-store"])
    }
}
