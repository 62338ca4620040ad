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

/// The notice form's fields as the property's values, and a validator refusal as the form field it is about.
enum NoticeFormFields {
    /// The controller (nil when name and contact are both empty) and the policy address per locale (empty left out).
    static func apply(_ fields: [String: [String]], to property: inout Property) {
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
    static func field(of path: String) -> String? {
        switch path {
        case "controller.name": return "controllerName"
        case "controller.contact": return "controllerContact"
        default:
            let prefix = "privacyPolicyURLs."
            return path.hasPrefix(prefix) ? "policy.\(path.dropFirst(prefix.count))" : nil
        }
    }
}
