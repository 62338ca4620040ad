import AccordCore
import Foundation

extension ConsolePage {
    /// Who asks and where to read more: the controller's name and contact, and the privacy policy's address per
    /// offered locale, as one form; a refused value comes back beside its field with everything typed kept.
    struct NoticeForm: Sendable {
        struct PolicyField: Sendable {
            var locale: String
            var id: String
            var value: String
            var error: String?
        }
        var csrf: String
        var etag: String
        var action: String
        var canEdit: Bool
        var configurationHref: String
        var controllerName: String
        var controllerNameError: String?
        var controllerContact: String
        var controllerContactError: String?
        var policies: [PolicyField]
    }
}

extension ConsolePage.Model {
    /// The notice page of `property`; `fields` (as posted) and `errors` (by form field name) keep a refused form.
    static func noticePage(
        property: Property, canEdit: Bool, csrf: String, chrome: ConsolePage.Chrome,
        fields: [String: [String]]? = nil, errors: [String: String] = [:], notice: String? = nil, alert: String? = nil
    ) -> Self {
        var model = Self(title: "Who asks: \(property.name)", chrome: chrome)
        model.notice = notice
        model.alert = alert
        func typed(_ name: String) -> String? { fields.map { $0[name]?.first ?? "" } }
        let locales = [property.defaultLocale] + property.locales.filter { $0 != property.defaultLocale }
        let base = "/console/properties/\(property.id.rawValue)"
        model.noticeForm = ConsolePage.NoticeForm(
            csrf: csrf, etag: PropertyTag.of(property), action: "\(base)/notice", canEdit: canEdit, configurationHref: base,
            controllerName: typed("controllerName") ?? property.controller?.name ?? "",
            controllerNameError: errors["controllerName"],
            controllerContact: typed("controllerContact") ?? property.controller?.contact ?? "",
            controllerContactError: errors["controllerContact"],
            policies: locales.map { locale in
                .init(
                    locale: locale, id: "policy-\(locale)", value: typed("policy.\(locale)") ?? property.privacyPolicyURLs[locale] ?? "",
                    error: errors["policy.\(locale)"])
            })
        return model
    }
}

/// Who asks and where to read more (`/console/properties/{property}/notice`): the controller's name and contact
/// and the privacy policy per locale, which the banner and the preference center show once published (they are
/// part of the policy version). Saved under the audit action `notice.update`.
struct NoticeSettings: PropertySettingsForm {
    static let path = "notice"
    static let action = "notice.update"
    static let savedNotice = "Saved. Publish a policy version to show it to visitors: it is part of what they agree to."
    static let conflictAlert =
        "Someone else changed this property after you opened the page. Their version is shown below; yours was not saved."

    /// The form as posted.
    let fields: [String: [String]]
    var errors: [String: String] { [:] }

    init(fields: [String: [String]], over property: Property) {
        self.fields = fields
    }

    /// The controller (nil when name and contact are both empty) and the policy address per locale (empty left out).
    func apply(to property: inout Property) {
        func value(_ name: String) -> String { fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        let name = value("controllerName"), contact = value("controllerContact")
        property.controller = name.isEmpty && contact.isEmpty ? nil : DataController(name: name, contact: contact)
        var urls: [String: String] = [:]
        for locale in Set([property.defaultLocale] + property.locales) where !value("policy.\(locale)").isEmpty {
            urls[locale] = value("policy.\(locale)")
        }
        property.privacyPolicyURLs = urls
    }

    /// `controller.name` → `controllerName`, `privacyPolicyURLs.de` → `policy.de`; nil for other fields.
    func field(of path: String) -> String? {
        switch path {
        case "controller.name": return "controllerName"
        case "controller.contact": return "controllerContact"
        default:
            let prefix = "privacyPolicyURLs."
            return path.hasPrefix(prefix) ? "policy.\(path.dropFirst(prefix.count))" : nil
        }
    }

    static func page(property: Property, form: Self?, state: PropertySettingsState) -> ConsolePage.Model {
        .noticePage(
            property: property, canEdit: state.canEdit, csrf: state.csrf, chrome: state.chrome, fields: form?.fields,
            errors: state.errors, notice: state.notice, alert: state.alert)
    }
}
