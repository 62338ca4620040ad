import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// A property's region → regime rules as a console form (`/console/properties/{property}/regions`): every role
/// reads them, owners and editors save them through the audited `ConfigurationEditor` (action
/// `regionRules.update`, validated by the same `PropertyValidator` as the admin API) with its compare-and-swap: a
/// form opened before another change shows that change instead of overwriting it.
struct ConsoleRegionsController {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/properties/:property/regions", use: page)
        configuring.post("/console/properties/:property/regions", use: save)
    }

    private func load(_ id: String?) async throws -> Property {
        guard let id, let property = try await editor.store.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    ) -> Response {
        let csrf = forms.token(for: context.session)
        let chrome = ConsolePage.Chrome.make(user: context.user, csrf: csrf, current: "/console/properties")
        var response = HTML.response(pages.render(ConsolePage.View(model: build(csrf, chrome))), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func page(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let property = try await load(context.parameters.get("property"))
        let notice = request.uri.queryParameters["saved"].map { _ in "Saved. The rules apply to the next visitors at once." }
        return render(context) {
            .regionsPage(property: property, canEdit: context.user.role.grants(.configure), csrf: $0, chrome: $1, notice: notice)
        }
    }

    @Sendable func save(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let property = try await load(context.parameters.get("property"))
        let form = RegionRulesForm(fields: fields)
        let etag = fields["etag"]?.first ?? ""
        let (rules, order, errors) = form.rules(over: property.regionRules)
        func refused(_ errors: RegionRulesForm.Errors, alert: String) -> Response {
            render(context, status: .unprocessableContent) {
                .regionsPage(property: property, canEdit: true, csrf: $0, chrome: $1, form: form, errors: errors, alert: alert)
            }
        }
        guard let rules else { return refused(errors, alert: "Not saved: correct the fields marked below.") }
        do {
            try await editor.change(
                property.id, by: context.actor, action: "regionRules.update",
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(property.id) }
                }
            ) { $0.regionRules = rules }
        } catch let error as ConfigurationError {
            guard let field = error.field.flatMap({ RegionRulesForm.field(of: $0, order: order) }) else {
                return refused([:], alert: "Not saved: \(error.description)")
            }
            return refused([field: error.message], alert: "Not saved: correct the field marked below.")
        } catch StoreError.concurrentChange {
            let current = try await load(property.id.rawValue)
            return render(context, status: .conflict) {
                .regionsPage(
                    property: current, canEdit: true, csrf: $0, chrome: $1,
                    alert: "Someone else changed this property after you opened the page. Their rules are shown below; yours were not saved.")
            }
        }
        return Response(
            status: .seeOther,
            headers: [.location: "/console/properties/\(property.id.rawValue)/regions?saved=1", .cacheControl: "no-store"])
    }
}
