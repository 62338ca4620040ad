import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Who asks and where to read more (`/console/properties/{property}/notice`): the controller's name and contact
/// and the privacy policy per locale, which the banner and the preference center show. Every role reads it;
/// owners and editors save it through the audited `ConfigurationEditor` (action `notice.update`, validated by the
/// same `PropertyValidator` as the admin API) with its compare-and-swap.
struct ConsoleNoticeController {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/properties/:property/notice", use: page)
        configuring.post("/console/properties/:property/notice", use: save)
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
        let notice = request.uri.queryParameters["saved"].map { _ in "Saved. Banners and the preference center show it at once." }
        return render(context) {
            .noticePage(property: property, canEdit: context.user.role.grants(.configure), csrf: $0, chrome: $1, notice: notice)
        }
    }

    @Sendable func save(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let property = try await load(context.parameters.get("property"))
        let etag = fields["etag"]?.first ?? ""
        do {
            try await editor.change(
                property.id, by: context.actor, action: "notice.update",
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(property.id) }
                }
            ) { NoticeFormFields.apply(fields, to: &$0) }
        } catch let error as ConfigurationError {
            let field = error.field.flatMap(NoticeFormFields.field(of:))
            return render(context, status: .unprocessableContent) {
                .noticePage(
                    property: property, canEdit: true, csrf: $0, chrome: $1, fields: fields,
                    errors: field.map { [$0: error.message] } ?? [:],
                    alert: field == nil ? "Not saved: \(error.description)" : "Not saved: correct the field marked below.")
            }
        } catch StoreError.concurrentChange {
            let current = try await load(property.id.rawValue)
            return render(context, status: .conflict) {
                .noticePage(
                    property: current, canEdit: true, csrf: $0, chrome: $1,
                    alert: "Someone else changed this property after you opened the page. Their version is shown below; yours was not saved.")
            }
        }
        return Response(
            status: .seeOther, headers: [.location: "/console/properties/\(property.id.rawValue)/notice?saved=1", .cacheControl: "no-store"])
    }
}
