import AccordCore
import Foundation

/// A purpose as the console's purpose form holds it: key (when adding), name and description in the default
/// locale and per offered locale, legal basis, whether it is always on, lifetime, expiry notice, US opt-out
/// categories and vendors. Pure: posted fields become the purpose (its channels, topics and retirement kept),
/// values that cannot be read and validator refusals become messages by form field.
struct PurposeFormFields: Sendable {
    /// The form's text values as typed, by field name.
    let values: [String: String]
    let checked: Set<String>
    let errors: [String: String]

    static let categories: [(Purpose.OptOutCategory, String)] = [
        (.sale, "Sale of personal information"), (.sharing, "Sharing for cross-context behavioural advertising"),
        (.targetedAdvertising, "Targeted advertising"),
    ]
    static let bases: [(Purpose.LegalBasis, String)] = [
        (.consent, "Consent (Art. 6(1)(a))"), (.legitimateInterest, "Legitimate interest (Art. 6(1)(f))"),
        (.contract, "Contract (Art. 6(1)(b))"), (.legalObligation, "Legal obligation (Art. 6(1)(c))"),
    ]

    /// The translated locales of `property`: the offered ones but the default.
    static func otherLocales(of property: Property) -> [String] { property.locales.filter { $0 != property.defaultLocale } }

    init(fields: [String: [String]], property: Property) {
        var values: [String: String] = [:]
        var names = ["key", "name", "description", "legalBasis", "lifetimeDays", "expiryNoticeDays", "vendors", "cookies", "tcfPurposes"]
        for locale in Self.otherLocales(of: property) { names += ["translation.\(locale).name", "translation.\(locale).description"] }
        for name in names { values[name] = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        self.values = values
        checked = Set((["isRequired"] + Self.categories.map { "optOut.\($0.0.rawValue)" }).filter { fields[$0] != nil })
        var errors: [String: String] = [:]
        if Purpose.LegalBasis(rawValue: values["legalBasis"] ?? "") == nil { errors["legalBasis"] = "Choose the legal basis." }
        if Int(values["lifetimeDays"] ?? "") == nil { errors["lifetimeDays"] = "A whole number of days from 1 to 3650." }
        if let notice = values["expiryNoticeDays"], !notice.isEmpty, Int(notice) == nil {
            errors["expiryNoticeDays"] = "A whole number of days from 0 to 3650, or empty for the property’s."
        }
        if Self.items(values["tcfPurposes"] ?? "").contains(where: { Int($0) == nil }) {
            errors["tcfPurposes"] = "TCF purposes are numbers from 1 to 11, separated by commas."
        }
        for locale in Self.otherLocales(of: property) {
            let name = values["translation.\(locale).name"] ?? "", description = values["translation.\(locale).description"] ?? ""
            if name.isEmpty != description.isEmpty {
                errors["translation.\(locale).\(name.isEmpty ? "name" : "description")"] =
                    "Give both the name and the description in \(locale), or neither."
            }
        }
        self.errors = errors
    }

    /// The purpose the form describes over `earlier` (nil when adding one): channels, topics and retirement kept.
    func purpose(key: PurposeKey, over earlier: Purpose?, locales: [String]) -> Purpose {
        var translations = earlier?.translations ?? [:]
        for locale in locales {
            let name = values["translation.\(locale).name"] ?? "", description = values["translation.\(locale).description"] ?? ""
            translations[locale] = name.isEmpty ? nil : Purpose.Text(name: name, description: description)
        }
        return Purpose(
            key: key, name: values["name"] ?? "", description: values["description"] ?? "",
            legalBasis: Purpose.LegalBasis(rawValue: values["legalBasis"] ?? "") ?? .consent, isRequired: checked.contains("isRequired"),
            lifetimeDays: Int(values["lifetimeDays"] ?? "") ?? Purpose.defaultLifetimeDays,
            expiryNoticeDays: Int(values["expiryNoticeDays"] ?? ""),
            optOutCategories: Self.categories.map(\.0).filter { checked.contains("optOut.\($0.rawValue)") },
            channels: earlier?.channels ?? [], topics: earlier?.topics ?? [], translations: translations,
            isRetired: earlier?.isRetired ?? false,
            vendors: (values["vendors"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
    }

    /// Items separated by new lines, commas or spaces.
    static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == " " }).map(String.init)
    }

    /// The property-level settings of purpose `key` this form holds: the cookies deleted when it is withdrawn and
    /// the IAB TCF purposes it stands for (each removed when left empty).
    func applyMappings(to property: inout Property, key: PurposeKey) {
        let cookies = Self.items(values["cookies"] ?? "")
        property.cookiesToDelete[key] = cookies.isEmpty ? nil : cookies
        let tcf = Self.items(values["tcfPurposes"] ?? "").compactMap { Int($0) }
        property.tcfPurposeMapping[key] = tcf.isEmpty ? nil : tcf
    }

    /// The form field a validator refusal is about: `purposes[2].translations.de` → `translation.de.name`,
    /// `purposes[2].vendors[1]` → `vendors`, `key` → `key`; nil for a field this form does not show.
    static func field(of path: String) -> String? {
        if path == "key" { return "key" }
        if path.hasPrefix("tcfPurposeMapping.") { return "tcfPurposes" }
        if path.hasPrefix("cookiesToDelete.") { return "cookies" }
        guard path.hasPrefix("purposes["), let close = path.firstIndex(of: "]") else { return nil }
        let rest = path[path.index(after: close)...].dropFirst()
        if rest.hasPrefix("translations.") { return "translation.\(rest.dropFirst("translations.".count)).name" }
        let name = String(rest.prefix { $0 != "[" && $0 != "." })
        return ["key", "name", "description", "lifetimeDays", "expiryNoticeDays", "vendors"].contains(name) ? name : nil
    }

    /// The form's fields showing `purpose` (nil: a new purpose's defaults), or `form` as typed, with `errors`.
    static func groups(
        property: Property, purpose: Purpose?, form: PurposeFormFields?, errors: [String: String], adding: Bool
    ) -> [ConsolePage.SettingsForm.Group] {
        var saved: [String: String] = [
            "key": purpose?.key.rawValue ?? "", "name": purpose?.name ?? "", "description": purpose?.description ?? "",
            "legalBasis": (purpose?.legalBasis ?? .consent).rawValue,
            "lifetimeDays": String(purpose?.lifetimeDays ?? Purpose.defaultLifetimeDays),
            "expiryNoticeDays": purpose?.expiryNoticeDays.map(String.init) ?? "",
            "vendors": purpose?.vendors.joined(separator: "\n") ?? "",
            "cookies": purpose.flatMap { property.cookiesToDelete[$0.key] }?.joined(separator: "\n") ?? "",
            "tcfPurposes": purpose.flatMap { property.tcfPurposeMapping[$0.key] }?.map(String.init).joined(separator: ", ") ?? "",
        ]
        for locale in otherLocales(of: property) {
            saved["translation.\(locale).name"] = purpose?.translations[locale]?.name ?? ""
            saved["translation.\(locale).description"] = purpose?.translations[locale]?.description ?? ""
        }
        var on = Set((purpose?.optOutCategories ?? []).map { "optOut.\($0.rawValue)" })
        if purpose?.isRequired == true { on.insert("isRequired") }
        func value(_ name: String) -> String { form?.values[name] ?? saved[name] ?? "" }
        func field(
            _ name: String, _ label: String, hint: String? = nil, type: String = "text", textarea: Bool = false
        ) -> ConsolePage.SettingsForm.Field {
            .init(
                id: "purpose-\(name.replacingOccurrences(of: ".", with: "-"))", name: name, label: label, hint: hint, value: value(name),
                error: errors[name], type: type, isTextarea: textarea)
        }
        func box(_ name: String, _ label: String, hint: String? = nil) -> ConsolePage.SettingsForm.Field {
            .init(
                id: "purpose-\(name.replacingOccurrences(of: ".", with: "-"))", name: name, label: label, hint: hint, value: "1",
                error: errors[name], isCheckbox: true, checked: form.map { $0.checked.contains(name) } ?? on.contains(name))
        }
        var basis = field("legalBasis", "Legal basis", hint: "Changing it asks visitors again.")
        basis.options = bases.map { .init(value: $0.0.rawValue, label: $0.1, selected: $0.0.rawValue == value("legalBasis")) }
        var main: [ConsolePage.SettingsForm.Field] = []
        if adding {
            main.append(
                field(
                    "key", "Key", hint: "How events, the API and the SDK name it: 1 to 64 lower-case letters, digits, - or _. It cannot be changed."))
        }
        main += [
            field("name", "Name (\(property.defaultLocale))"), field("description", "Description (\(property.defaultLocale))", textarea: true), basis,
            box("isRequired", "Always on (strictly necessary: visitors cannot refuse it)"),
            field("lifetimeDays", "Days a choice stays valid (1 to 3650)", type: "number"),
            field("expiryNoticeDays", "Days before expiry to record the expiry notice", hint: "Empty: the property’s setting.", type: "number"),
            field("vendors", "Third parties (vendors) that receive data for it, one per line", textarea: true),
        ]
        var groups: [ConsolePage.SettingsForm.Group] = [.init(legend: "Purpose", fields: main)]
        groups.append(
            .init(
                legend: "In the browser and the TCF",
                fields: [
                    field(
                        "cookies", "Cookies deleted when it is withdrawn, one per line",
                        hint: "Exact names (_ga, _fbp): the SDK removes them on every domain level of the page.", textarea: true),
                    field(
                        "tcfPurposes", "IAB TCF purposes (1 to 11) it stands for, separated by commas",
                        hint: "A TC string grants it when every mapped TCF purpose has consent; not for purposes that are always on."),
                ]))
        groups.append(
            .init(
                legend: "What a Global Privacy Control signal opts out of (US laws)",
                fields: categories.map { box("optOut.\($0.0.rawValue)", $0.1) }))
        for locale in otherLocales(of: property) {
            groups.append(
                .init(
                    legend: "In \(locale)",
                    fields: [
                        field("translation.\(locale).name", "Name (\(locale))"),
                        field("translation.\(locale).description", "Description (\(locale))", textarea: true),
                    ]))
        }
        return groups
    }
}
