import AccordCore
import Foundation

extension ConsolePage {
    /// A property's region rules as one form: a row per rule in order, blank rows for new rules, and the two fixed
    /// rules; a refused form comes back with each message beside its field and everything typed kept.
    struct Regions: Sendable {
        struct Option: Sendable {
            var value: String
            var label: String
            var selected: Bool
        }
        struct Row: Sendable {
            var id: String
            /// "Rule 3", "New rule", "Known region no rule covers", ...
            var label: String
            var fixed: Bool
            var order: String
            var regions: String
            var regulation: String
            var gpc: Bool
            var source: String
            var regimes: [Option]
            var orderError: String?
            var regionsError: String?
            var regimeError: String?
            var regulationError: String?
            /// The rule's override per purpose of the property.
            var overrides: [Override]
        }
        /// One purpose's override in one rule: its default choice and its consent lifetime.
        struct Override: Sendable {
            /// `<row>-<purpose key>`, for element ids.
            var id: String
            /// `<row>.<purpose key>`, the suffix of the posted field names.
            var field: String
            var purpose: String
            var choices: [Option]
            var lifetime: String
            var defaultError: String?
            var lifetimeError: String?
        }
        var csrf: String
        var etag: String
        var action: String
        var canEdit: Bool
        var configurationHref: String
        /// How many rule rows the form posts (the fixed two not counted).
        var rowCount: Int
        /// The rules and blank rows, then the two fixed rules.
        var rows: [Row]
    }
}

extension ConsolePage.Model {
    /// The region rules page of `property`; `form` and `errors` keep a refused form's input and messages.
    static func regionsPage(
        property: Property, canEdit: Bool, csrf: String, chrome: ConsolePage.Chrome,
        form: RegionRulesForm? = nil, errors: RegionRulesForm.Errors = [:], notice: String? = nil, alert: String? = nil
    ) -> Self {
        var model = Self(title: "Region rules: \(property.name)", chrome: chrome)
        model.notice = notice
        model.alert = alert
        let form = form ?? RegionRulesForm(showing: property.regionRules)
        let labels: [Regime: String] = [.optIn: "Opt-in (ask first)", .optOut: "Opt-out (allowed until refused)", .noticeOnly: "Notice only"]
        func row(_ row: RegionRulesForm.Row, label: String, fixed: Bool) -> ConsolePage.Regions.Row {
            let overrides = property.purposes.map { purpose in
                let key = purpose.key.rawValue
                let chosen = row.defaults[key] ?? ""
                return ConsolePage.Regions.Override(
                    id: "\(row.id)-\(key)", field: "\(row.id).\(key)", purpose: purpose.name,
                    choices: [("", "No override (the regime's default)"), ("granted", "Granted"), ("denied", "Denied")].map {
                        .init(value: $0.0, label: $0.1, selected: $0.0 == chosen)
                    },
                    lifetime: row.lifetimes[key] ?? "", defaultError: errors["default.\(row.id).\(key)"],
                    lifetimeError: errors["lifetime.\(row.id).\(key)"])
            }
            return .init(
                id: row.id, label: label, fixed: fixed, order: row.order, regions: row.regions, regulation: row.regulation,
                gpc: row.honoursGPC, source: row.source.map(String.init) ?? "",
                regimes: Regime.allCases.map { .init(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0.rawValue == row.regime) },
                orderError: errors["order.\(row.id)"], regionsError: errors["regions.\(row.id)"],
                regimeError: errors["regime.\(row.id)"], regulationError: errors["regulation.\(row.id)"],
                overrides: overrides)
        }
        let base = "/console/properties/\(property.id.rawValue)"
        model.regions = ConsolePage.Regions(
            csrf: csrf, etag: PropertyTag.of(property), action: "\(base)/regions", canEdit: canEdit, configurationHref: base,
            rowCount: form.rows.count,
            rows: form.rows.enumerated().map { row($1, label: $1.source == nil ? "New rule" : "Rule \($0 + 1)", fixed: false) } + [
                row(form.fallback, label: "Known region no rule covers", fixed: true),
                row(form.unknown, label: "Region unknown", fixed: true),
            ])
        return model
    }
}
