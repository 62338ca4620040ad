import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Serves one `PropertySettingsForm` page: `GET` for every console role (read-only without `configure`), `POST`
/// for owners and editors (the group's context refuses the others with 403 before the handler runs; a missing or
/// stale CSRF token is refused by `ConsoleForms`). A save goes through `ConfigurationEditor.change` under the
/// form's audit action, only over the state the form was opened on (`etag`, the admin API's `PropertyTag`).
struct ConsolePropertySettingsController<Form: PropertySettingsForm> {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    init(_ form: Form.Type, editor: ConfigurationEditor, forms: ConsoleForms) {
        self.editor = editor
        self.forms = forms
    }

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/properties/:property/\(Form.path)", use: page)
        configuring.post("/console/properties/:property/\(Form.path)", use: save)
    }

    private func load(_ id: String?) async throws -> Property {
        guard let id, let property = try await editor.store.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, _ property: Property, form: Form? = nil, status: HTTPResponse.Status = .ok,
        canEdit: Bool = true, errors: [String: String] = [:], notice: String? = nil, alert: String? = nil
    ) -> Response {
        forms.page(context, section: "/console/properties", status: status, pages: pages) { csrf, chrome in
            let state = PropertySettingsState(canEdit: canEdit, csrf: csrf, chrome: chrome, errors: errors, notice: notice, alert: alert)
            return Form.page(property: property, form: form, state: state)
        }
    }

    @Sendable func page(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let property = try await load(context.parameters.get("property"))
        return render(
            context, property, canEdit: context.user.role.grants(.configure),
            notice: request.uri.queryParameters["saved"].map { _ in Form.savedNotice })
    }

    @Sendable func save(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let property = try await load(context.parameters.get("property"))
        let form = Form(fields: fields, over: property)
        let marked = "Not saved: correct the fields marked below."
        guard form.errors.isEmpty else {
            return render(context, property, form: form, status: .unprocessableContent, errors: form.errors, alert: marked)
        }
        let etag = fields["etag"]?.first ?? ""
        do {
            try await editor.change(
                property.id, by: context.actor, action: Form.action,
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(property.id) }
                }
            ) { form.apply(to: &$0) }
        } catch let error as ConfigurationError {
            guard let field = error.field.flatMap(form.field(of:)) else {
                return render(context, property, form: form, status: .unprocessableContent, alert: "Not saved: \(error.description)")
            }
            return render(
                context, property, form: form, status: .unprocessableContent, errors: [field: error.message],
                alert: "Not saved: correct the field marked below.")
        } catch StoreError.concurrentChange {
            return render(context, try await load(property.id.rawValue), status: .conflict, alert: Form.conflictAlert)
        }
        return Response(
            status: .seeOther,
            headers: [.location: "/console/properties/\(property.id.rawValue)/\(Form.path)?saved=1", .cacheControl: "no-store"])
    }
}
