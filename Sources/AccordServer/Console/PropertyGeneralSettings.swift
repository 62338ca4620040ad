import AccordCore
import Foundation
import HTTPTypes

/// A property's own settings as a console page (`/console/properties/{property}/settings`): its name, the origins
/// that may record consent, the locales offered and the default one, region, cookie, expiry-notice, e-mail, TCF/GPP
/// and request-deadline settings: every scalar or list the admin API's `Property` takes that no other console
/// page edits. Saved under the audit action `property.update`, as the admin API's `PATCH` records it.
struct PropertyGeneralSettings: PropertySettingsForm {
    static let path = "settings"
    static let action = "property.update"
    static let savedNotice =
        "Saved. Origins, cookie and region settings apply at once; locales and their texts reach visitors with the next published policy version."
    static let conflictAlert =
        "Someone else changed this property after you opened the page. Their settings are shown below; yours were not saved."

    /// The form's values as typed, by field name.
    let values: [String: String]
    let checked: Set<String>
    let errors: [String: String]
    /// What the values read as; nil when `errors` says why not.
    private let origins: [OriginPattern]
    private let locales: [String]
    private let cookieLifetimeDays: Int
    private let expiryNoticeDays: Int
    private let holidays: [String]
    private let vendors: [Int]

    static let textFields = [
        "name", "allowedOrigins", "defaultLocale", "locales", "defaultRegion", "regionHeader", "cookieDomain",
        "cookieLifetimeDays", "expiryNoticeDays", "requestTimeZone", "privacyContact", "requestHolidays", "tcfVendors",
    ]
    static let boxes = ["confirmChoicesByEmail", "tcfEnabled", "gppEnabled"]

    init(fields: [String: [String]], over property: Property) {
        var values: [String: String] = [:]
        for name in Self.textFields { values[name] = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        self.values = values
        checked = Set(Self.boxes.filter { fields[$0] != nil })
        var errors: [String: String] = [:]
        var origins: [OriginPattern] = []
        for line in Self.items(values["allowedOrigins"] ?? "") {
            guard let pattern = OriginPattern(line) else {
                errors["allowedOrigins"] =
                    "“\(line)” is not an origin: write scheme and host, with a port or :* for any (https://shop.example, https://*.example.com, http://localhost:*)."
                break
            }
            origins.append(pattern)
        }
        self.origins = origins
        locales = Self.items(values["locales"] ?? "")
        func days(_ name: String, _ range: ClosedRange<Int>) -> Int {
            guard let number = Int(values[name] ?? "") else {
                errors[name] = "A whole number of days from \(range.lowerBound) to \(range.upperBound)."
                return 0
            }
            return number
        }
        cookieLifetimeDays = days("cookieLifetimeDays", 1...3650)
        expiryNoticeDays = days("expiryNoticeDays", 0...3650)
        holidays = Self.items(values["requestHolidays"] ?? "")
        let vendorItems = Self.items(values["tcfVendors"] ?? "")
        vendors = vendorItems.compactMap { Int($0) }
        if let wrong = vendorItems.first(where: { Int($0) == nil }) {
            errors["tcfVendors"] = "“\(wrong)” is not a vendor id: the Global Vendor List numbers its vendors 1 to 65535."
        }
        if let header = values["regionHeader"], !header.isEmpty, HTTPField.Name(header) == nil {
            errors["regionHeader"] = "A header name is letters, digits and - only (CF-IPCountry)."
        }
        self.errors = errors
    }

    /// Items separated by new lines, commas or spaces, each once, in order.
    static func items(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == " " }).map(String.init).filter { seen.insert($0).inserted }
    }

    func apply(to property: inout Property) {
        func optional(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }
        property.name = values["name"] ?? ""
        property.allowedOrigins = origins
        property.defaultLocale = values["defaultLocale"] ?? ""
        // The default locale is always offered: listing it again is not needed.
        property.locales = locales.contains(property.defaultLocale) ? locales : [property.defaultLocale] + locales
        property.defaultRegion = optional("defaultRegion")?.uppercased()
        property.regionHeader = optional("regionHeader")
        property.cookieDomain = optional("cookieDomain")
        property.cookieLifetimeDays = cookieLifetimeDays
        property.expiryNoticeDays = expiryNoticeDays
        property.confirmChoicesByEmail = checked.contains("confirmChoicesByEmail")
        property.tcfEnabled = checked.contains("tcfEnabled")
        property.gppEnabled = checked.contains("gppEnabled")
        property.requestTimeZone = optional("requestTimeZone")
        property.privacyContact = optional("privacyContact")
        property.requestHolidays = holidays
        property.tcfVendors = vendors
    }

    /// `locales[2]` → `locales`, `requestHolidays[0]` → `requestHolidays`: the field named before any index or key.
    func field(of path: String) -> String? {
        let name = String(path.prefix { $0 != "[" && $0 != "." })
        return Self.textFields.contains(name) || Self.boxes.contains(name) ? name : nil
    }

    static func page(property: Property, form: Self?, state: PropertySettingsState) -> ConsolePage.Model {
        var model = ConsolePage.Model(title: "Settings: \(property.name)", chrome: state.chrome)
        model.notice = state.notice
        model.alert = state.alert
        let saved: [String: String] = [
            "name": property.name,
            "allowedOrigins": property.allowedOrigins.map(\.description).joined(separator: "\n"),
            "defaultLocale": property.defaultLocale, "locales": property.locales.joined(separator: ", "),
            "defaultRegion": property.defaultRegion ?? "", "regionHeader": property.regionHeader ?? "",
            "cookieDomain": property.cookieDomain ?? "", "cookieLifetimeDays": String(property.cookieLifetimeDays),
            "expiryNoticeDays": String(property.expiryNoticeDays), "requestTimeZone": property.requestTimeZone ?? "",
            "privacyContact": property.privacyContact ?? "", "requestHolidays": property.requestHolidays.joined(separator: "\n"),
            "tcfVendors": property.tcfVendors.map(String.init).joined(separator: ", "),
        ]
        let switches = [
            ("confirmChoicesByEmail", property.confirmChoicesByEmail), ("tcfEnabled", property.tcfEnabled), ("gppEnabled", property.gppEnabled),
        ]
        let on = Set(switches.filter { $0.1 }.map { $0.0 })
        func field(
            _ name: String, _ label: String, hint: String? = nil, type: String = "text", textarea: Bool = false, autocomplete: String? = nil
        ) -> ConsolePage.SettingsForm.Field {
            .init(
                id: "setting-\(name)", name: name, label: label, hint: hint, value: form?.values[name] ?? saved[name] ?? "",
                error: state.errors[name], type: type, isTextarea: textarea, autocomplete: autocomplete)
        }
        func box(_ name: String, _ label: String, hint: String? = nil) -> ConsolePage.SettingsForm.Field {
            .init(
                id: "setting-\(name)", name: name, label: label, hint: hint, value: "1", error: state.errors[name], isCheckbox: true,
                checked: form.map { $0.checked.contains(name) } ?? on.contains(name))
        }
        let base = "/console/properties/\(property.id.rawValue)"
        model.settingsForm = ConsolePage.SettingsForm(
            csrf: state.csrf, etag: PropertyTag.of(property), action: "\(base)/settings", canEdit: state.canEdit, backHref: base,
            introduction:
                "The property’s own settings, as the admin API’s Property holds them. Each change is checked and audited like an API change.",
            groups: [
                .init(
                    legend: "Property",
                    fields: [
                        field("name", "Name", hint: "Shown to operators and as the heading of the hosted preference center."),
                        field(
                            "allowedOrigins", "Allowed origins, one per line",
                            hint:
                                "Pages at these origins may record consent without an API key: https://shop.example, https://*.example.com, http://localhost:*.",
                            textarea: true),
                    ]),
                .init(
                    legend: "Languages",
                    fields: [
                        field("defaultLocale", "Default locale", hint: "A BCP 47 tag (en, de-AT): texts fall back to it."),
                        field("locales", "Locales offered, separated by commas", hint: "Each needs every banner text before publishing."),
                    ]),
                .init(
                    legend: "Regions and cookie",
                    fields: [
                        field(
                            "defaultRegion", "Default region",
                            hint: "ISO 3166 code assumed when neither page nor header names one; empty for unknown."),
                        field(
                            "regionHeader", "Region header",
                            hint: "A header a trusted proxy sets with the visitor’s region (CF-IPCountry); empty for none."),
                        field(
                            "cookieDomain", "Cookie domain",
                            hint: "Share the choice across sub-domains (example.com); empty for the page’s host only."),
                        field("cookieLifetimeDays", "Cookie lifetime in days (1 to 3650)", type: "number"),
                        field("expiryNoticeDays", "Days before a choice expires to record its expiry notice (0 to 3650)", type: "number"),
                    ]),
                .init(
                    legend: "Signals and e-mail",
                    fields: [
                        box("tcfEnabled", "Take part in the IAB TCF (TC strings accepted and made where opt-in)"),
                        field(
                            "tcfVendors", "Global Vendor List vendors the property works with, separated by commas",
                            hint: "Their ids; empty for every vendor on the list."),
                        box("gppEnabled", "Accept and make GPP strings"),
                        box(
                            "confirmChoicesByEmail", "E-mail a confirmation of their choices to subjects with a confirmed address",
                            hint: "Needs e-mail turned on (mail.smtp.host)."),
                    ]),
                .init(
                    legend: "Data-subject requests",
                    fields: [
                        field("requestTimeZone", "Time zone deadlines are counted in", hint: "An IANA zone (Europe/Berlin); empty for UTC."),
                        field(
                            "privacyContact", "Privacy team’s address", hint: "Due-soon reminders of requests without an assignee go here.",
                            type: "email", autocomplete: "email"),
                        field(
                            "requestHolidays", "Holidays business-day deadlines skip, one per line", hint: "YYYY-MM-DD.", textarea: true),
                    ]),
            ],
            submitLabel: "Save the settings")
        return model
    }
}
