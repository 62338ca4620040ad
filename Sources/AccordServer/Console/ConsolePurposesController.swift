import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Adding, editing, retiring and reinstating a property's purposes in the console, as the admin API's
/// `/v1/admin/properties/{property}/purposes` does: through the audited `ConfigurationEditor` (actions
/// `purpose.create`, `purpose.update`, `purpose.retire`, `purpose.reinstate`), validated by the same
/// `PropertyValidator`, with its compare-and-swap (`etag`). A retired purpose stays in the property and in every
/// published version and record; the next published version no longer offers it. Every role reads the pages;
/// only owners and editors post.
struct ConsolePurposesController {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>) {
        viewing.get("/console/properties/:property/purposes", use: addPage)
        configuring.post("/console/properties/:property/purposes", use: add)
        viewing.get("/console/properties/:property/purposes/:purpose/edit", use: editPage)
        configuring.post("/console/properties/:property/purposes/:purpose/edit", use: edit)
        configuring.post("/console/properties/:property/purposes/:purpose/retire", use: retire)
        configuring.post("/console/properties/:property/purposes/:purpose/reinstate", use: reinstate)
    }

    private func load(_ id: String?) async throws -> Property {
        guard let id, let property = try await editor.store.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }

    private func find<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>) async throws -> (Property, Purpose) {
        let property = try await load(context.parameters.get("property"))
        // Preferences (`email.newsletter`) are topics, edited with them: only the property's own purposes here.
        guard let key = context.parameters.get("purpose"), let purpose = property.purposes.first(where: { $0.key.rawValue == key })
        else { throw ConsoleRefusal.notFound }
        return (property, purpose)
    }

    private func render<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, _ property: Property, purpose: Purpose?, form: PurposeFormFields? = nil,
        status: HTTPResponse.Status = .ok, errors: [String: String] = [:], notice: String? = nil, alert: String? = nil
    ) -> Response {
        forms.page(context, section: "/console/properties", status: status, pages: pages) { csrf, chrome in
            let base = "/console/properties/\(property.id.rawValue)"
            let title =
                purpose.map { "Purpose \($0.key.rawValue)\($0.isRetired ? " (retired)" : ""): \(property.name)" } ?? "Add a purpose: \(property.name)"
            var model = ConsolePage.Model(title: title, chrome: chrome)
            model.notice = notice
            model.alert = alert
            var actions: [ConsolePage.SettingsForm.Action] = []
            if let purpose {
                let path = "\(base)/purposes/\(purpose.key.rawValue)"
                actions.append(
                    purpose.isRetired
                        ? .init(
                            action: "\(path)/reinstate", label: "Offer \(purpose.key.rawValue) again",
                            explanation: "The next published version asks visitors for it again.")
                        : .init(
                            action: "\(path)/retire", label: "Retire \(purpose.key.rawValue)",
                            explanation:
                                "The next published version no longer offers it. Versions already published, and the consents given under them, keep it."
                        )
                )
            }
            model.settingsForm = ConsolePage.SettingsForm(
                csrf: csrf, etag: PropertyTag.of(property),
                action: purpose.map { "\(base)/purposes/\($0.key.rawValue)/edit" } ?? "\(base)/purposes",
                canEdit: context.user.role.grants(.configure), backHref: base,
                introduction: purpose == nil
                    ? "A new purpose is part of the draft: visitors are asked for it once a policy version with it is published."
                    : "Changes are part of the draft; publishing asks visitors again when the wording, legal basis, required flag, opt-out categories or vendors change.",
                groups: PurposeFormFields.groups(property: property, purpose: purpose, form: form, errors: errors, adding: purpose == nil),
                submitLabel: purpose == nil ? "Add the purpose" : "Save \(purpose?.key.rawValue ?? "")", actions: actions)
            return model
        }
    }

    private func saved(_ property: Property, _ what: String) -> Response {
        Response(
            status: .seeOther,
            headers: [.location: "/console/properties/\(property.id.rawValue)?saved=\(what)", .cacheControl: "no-store"])
    }

    @Sendable func addPage(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        render(context, try await load(context.parameters.get("property")), purpose: nil)
    }

    @Sendable func editPage(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let (property, purpose) = try await find(context)
        return render(context, property, purpose: purpose)
    }

    @Sendable func add(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let property = try await load(context.parameters.get("property"))
        let form = PurposeFormFields(fields: fields, property: property)
        let key = PurposeKey(rawValue: form.values["key"] ?? "")
        var errors = form.errors
        if key.rawValue.isEmpty { errors["key"] = "Give the purpose a key." }
        if property.purpose(key) != nil { errors["key"] = "The property already has a purpose \(key.rawValue) (retired ones keep their key)." }
        let new = form.purpose(key: key, over: nil, locales: PurposeFormFields.otherLocales(of: property))
        return try await save(
            context, property, form: form, errors: errors, purpose: nil, action: "purpose.create", key: key,
            etag: fields["etag"]?.first ?? "",
            precondition: { before in if before.purpose(key) != nil { throw ConfigurationError.purposeExists(key) } }
        ) {
            $0.purposes.append(new)
            form.applyMappings(to: &$0, key: key)
        }
    }

    @Sendable func edit(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let (property, earlier) = try await find(context)
        let form = PurposeFormFields(fields: fields, property: property)
        return try await save(
            context, property, form: form, errors: form.errors, purpose: earlier, action: "purpose.update", key: earlier.key,
            etag: fields["etag"]?.first ?? ""
        ) {
            guard let index = $0.purposes.firstIndex(where: { $0.key == earlier.key }) else { throw ConsoleRefusal.notFound }
            // Built over the newest state of the purpose, so what this form does not show (channels, topics) is kept.
            $0.purposes[index] = form.purpose(key: earlier.key, over: $0.purposes[index], locales: PurposeFormFields.otherLocales(of: property))
            form.applyMappings(to: &$0, key: earlier.key)
        }
    }

    @Sendable func retire(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        try await setRetired(true, request, context: context)
    }

    @Sendable func reinstate(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        try await setRetired(false, request, context: context)
    }

    private func setRetired(_ retired: Bool, _ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let fields = try await forms.fields(of: request, context: context)
        let (property, purpose) = try await find(context)
        return try await save(
            context, property, form: nil, errors: [:], purpose: purpose, action: retired ? "purpose.retire" : "purpose.reinstate",
            key: purpose.key, etag: fields["etag"]?.first ?? ""
        ) {
            guard let index = $0.purposes.firstIndex(where: { $0.key == purpose.key }) else { throw ConsoleRefusal.notFound }
            $0.purposes[index].isRetired = retired
        }
    }

    /// Saves `change` when the form could be read, over the state the page showed (`etag`); else the page again
    /// with each message beside its field (422), or with the other change shown (409).
    private func save(
        _ context: ConsoleConfigureContext, _ property: Property, form: PurposeFormFields?, errors: [String: String], purpose: Purpose?,
        action: String, key: PurposeKey, etag: String, precondition: (Property) throws -> Void = { _ in },
        _ change: (inout Property) throws -> Void
    ) async throws -> Response {
        let marked = "Not saved: correct the fields marked below."
        guard errors.isEmpty else {
            return render(context, property, purpose: purpose, form: form, status: .unprocessableContent, errors: errors, alert: marked)
        }
        do {
            try await editor.change(
                property.id, by: context.actor, action: action, target: key.rawValue,
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(property.id) }
                    try precondition(before)
                }, change)
        } catch let error as ConfigurationError {
            guard let field = error.field.flatMap(PurposeFormFields.field(of:)) else {
                return render(
                    context, property, purpose: purpose, form: form, status: .unprocessableContent, alert: "Not saved: \(error.description)")
            }
            return render(
                context, property, purpose: purpose, form: form, status: .unprocessableContent, errors: [field: error.message], alert: marked)
        } catch StoreError.concurrentChange {
            let current = try await load(property.id.rawValue)
            return render(
                context, current, purpose: purpose.flatMap { earlier in current.purposes.first { $0.key == earlier.key } }, status: .conflict,
                alert: "Someone else changed this property after you opened the page. Their version is shown below; yours was not saved.")
        }
        return saved(property, key.rawValue)
    }
}
