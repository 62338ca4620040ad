import AccordCore
import Foundation

/// A property's region → regime rules as the console's form holds them: one row per rule (its place in the order,
/// its regions, regime, regulation and whether GPC is honoured), blank rows to add rules, and the two fixed rules
/// (known regions no rule covers; regions that cannot be told). Pure: it turns rules into rows and posted fields
/// back into rules, with a message per field for what cannot be read. The rules then go through the same
/// `ConfigurationEditor` (and `PropertyValidator`) as the admin API.
struct RegionRulesForm: Hashable, Sendable {
    /// One row of the form, as typed.
    struct Row: Hashable, Sendable {
        /// `0`, `1`, ... for rules and blank rows; `fallback` or `unknown` for the fixed two.
        var id: String
        var order: String
        var regions: String
        var regime: String
        var regulation: String
        var honoursGPC: Bool
        /// The index in the saved rules this row was drawn from: its purpose defaults and lifetimes stay with it.
        var source: Int?
        /// Per purpose key, the default choice as posted (`granted`, `denied`; empty for no override).
        var defaults: [String: String] = [:]
        /// Per purpose key, the consent lifetime in days as typed (empty for the purpose's own).
        var lifetimes: [String: String] = [:]
    }

    /// The rules in order, then blank rows.
    var rows: [Row]
    var fallback: Row
    var unknown: Row

    /// How many blank rows the form offers for new rules.
    static let blankRows = 2

    /// The form showing `rules`, with `blankRows` empty rows after them.
    init(showing rules: RegionRules) {
        rows = rules.rules.enumerated().map { index, rule in
            Row(
                id: String(index), order: String((index + 1) * 10), regions: rule.regions.joined(separator: ", "),
                regime: rule.regime.rawValue, regulation: rule.regulation, honoursGPC: rule.honoursGPC, source: index,
                defaults: Self.texts(rule.purposeDefaults.mapValues(\.rawValue)), lifetimes: Self.texts(rule.lifetimeDays.mapValues(String.init)))
        }
        rows += (0..<Self.blankRows).map { offset in
            Row(id: String(rules.rules.count + offset), order: "", regions: "", regime: Regime.optIn.rawValue, regulation: "", honoursGPC: false)
        }
        func fixed(_ id: String, _ rule: RegionRule) -> Row {
            Row(
                id: id, order: "", regions: "", regime: rule.regime.rawValue, regulation: rule.regulation, honoursGPC: rule.honoursGPC,
                defaults: Self.texts(rule.purposeDefaults.mapValues(\.rawValue)), lifetimes: Self.texts(rule.lifetimeDays.mapValues(String.init)))
        }
        fallback = fixed("fallback", rules.fallback)
        unknown = fixed("unknown", rules.unknown)
    }

    /// The form as posted: `rows` rows named `order.N`, `regions.N`, `regime.N`, `regulation.N`, `gpc.N` and
    /// `source.N`, and the fixed rules as `regime.fallback`, `regulation.fallback`, `gpc.fallback` (and `unknown`);
    /// overrides per purpose as `default.N.KEY` and `lifetime.N.KEY` (and `default.fallback.KEY`, ...).
    init(fields: [String: [String]]) {
        func value(_ name: String) -> String { fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        func perPurpose(_ prefix: String) -> [String: String] {
            var found: [String: String] = [:]
            for name in fields.keys where name.hasPrefix(prefix) && name.count > prefix.count {
                found[String(name.dropFirst(prefix.count))] = value(name)
            }
            return found
        }
        func row(_ id: String) -> Row {
            Row(
                id: id, order: value("order.\(id)"), regions: value("regions.\(id)"), regime: value("regime.\(id)"),
                regulation: value("regulation.\(id)"), honoursGPC: fields["gpc.\(id)"] != nil, source: Int(value("source.\(id)")),
                defaults: perPurpose("default.\(id)."), lifetimes: perPurpose("lifetime.\(id)."))
        }
        let count = min(max(Int(value("rows")) ?? 0, 0), 500)
        rows = (0..<count).map { row(String($0)) }
        fallback = row("fallback")
        unknown = row("unknown")
    }

    /// What could not be read, by form field (`regions.3`, `regulation.fallback`), each with its message.
    typealias Errors = [String: String]

    /// The rules the form describes, built over `current` (whose purpose defaults and lifetimes each row keeps),
    /// with `order[k]`: the form row rule `k` came from. A row with neither regions nor regulation is left out: that
    /// is how a rule is removed. Nil rules with every message when something cannot be read.
    func rules(over current: RegionRules) -> (rules: RegionRules?, order: [String], errors: Errors) {
        var errors: Errors = [:]
        var kept: [(order: Int, position: Int, row: Row, rule: RegionRule)] = []
        for (position, row) in rows.enumerated() {
            if row.regions.isEmpty && row.regulation.isEmpty { continue }
            let codes = Self.codes(row.regions)
            if codes.isEmpty {
                errors["regions.\(row.id)"] = "Name at least one region (or clear the regulation too, to remove the rule)."
            } else if let unknown = codes.first(where: { !RegionCatalog.isKnown($0) }) {
                errors["regions.\(row.id)"] = "“\(unknown)” is not an ISO 3166 code (DE, US-CA) or a known region group (EEA)."
            }
            if row.regulation.isEmpty { errors["regulation.\(row.id)"] = "Name the law this rule follows (GDPR, CCPA/CPRA, none)." }
            let order: Int
            if row.order.isEmpty {
                order = Int.max
            } else if let number = Int(row.order) {
                order = number
            } else {
                errors["order.\(row.id)"] = "The order is a whole number; lower numbers come first."
                order = Int.max
            }
            guard let regime = Regime(rawValue: row.regime) else {
                errors["regime.\(row.id)"] = "Choose opt-in, opt-out or notice only."
                continue
            }
            let earlier = row.source.flatMap { current.rules.indices.contains($0) ? current.rules[$0] : nil }
            let (purposeDefaults, lifetimeDays) = Self.overrides(row, over: earlier, &errors)
            let rule = RegionRule(
                regions: codes, regime: regime, regulation: row.regulation, honoursGPC: row.honoursGPC,
                purposeDefaults: purposeDefaults, lifetimeDays: lifetimeDays)
            kept.append((order, position, row, rule))
        }
        let fallback = fixedRule(fallback, current.fallback, &errors)
        let unknown = fixedRule(unknown, current.unknown, &errors)
        guard errors.isEmpty, let fallback, let unknown else { return (nil, [], errors) }
        let sorted = kept.sorted { ($0.order, $0.position) < ($1.order, $1.position) }
        return (RegionRules(rules: sorted.map(\.rule), fallback: fallback, unknown: unknown), sorted.map(\.row.id), [:])
    }

    private func fixedRule(_ row: Row, _ earlier: RegionRule, _ errors: inout Errors) -> RegionRule? {
        if row.regulation.isEmpty { errors["regulation.\(row.id)"] = "Name the law this rule follows (or “none”)." }
        let (purposeDefaults, lifetimeDays) = Self.overrides(row, over: earlier, &errors)
        guard let regime = Regime(rawValue: row.regime) else {
            errors["regime.\(row.id)"] = "Choose opt-in, opt-out or notice only."
            return nil
        }
        return RegionRule(
            regions: [], regime: regime, regulation: row.regulation, honoursGPC: row.honoursGPC,
            purposeDefaults: purposeDefaults, lifetimeDays: lifetimeDays)
    }

    /// The row's overrides per purpose: what was posted for a purpose replaces the saved rule's (empty removes it);
    /// a purpose the form did not post keeps its saved override. Whether a key names a purpose and a lifetime is in
    /// range is the `PropertyValidator`'s to say; only what cannot be read at all is refused here.
    private static func overrides(
        _ row: Row, over earlier: RegionRule?, _ errors: inout Errors
    ) -> (defaults: [PurposeKey: ConsentChoice], lifetimes: [PurposeKey: Int]) {
        var defaults = earlier?.purposeDefaults ?? [:]
        var lifetimes = earlier?.lifetimeDays ?? [:]
        for (key, text) in row.defaults {
            if text.isEmpty {
                defaults[PurposeKey(rawValue: key)] = nil
            } else if let choice = ConsentChoice(rawValue: text) {
                defaults[PurposeKey(rawValue: key)] = choice
            } else {
                errors["default.\(row.id).\(key)"] = "Choose granted, denied or no override."
            }
        }
        for (key, text) in row.lifetimes {
            if text.isEmpty {
                lifetimes[PurposeKey(rawValue: key)] = nil
            } else if let days = Int(text) {
                lifetimes[PurposeKey(rawValue: key)] = days
            } else {
                errors["lifetime.\(row.id).\(key)"] = "The lifetime is a whole number of days (1 to 3650), or empty for the purpose's own."
            }
        }
        return (defaults, lifetimes)
    }

    /// Overrides keyed by their purpose key's text, as the form fields name them.
    private static func texts(_ values: [PurposeKey: String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    /// Region codes as typed: separated by commas or spaces, upper-cased, each once.
    static func codes(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map { $0.uppercased() }
            .filter { seen.insert($0).inserted }
    }

    /// The form field a `PropertyValidator` refusal is about (`regionRules.rules[2].regions[0]` → `regions.<row>`),
    /// given `order` from `rules(over:)`; nil when it is about no field of this form.
    static func field(of path: String, order: [String]) -> String? {
        for fixed in ["fallback", "unknown"] where path.hasPrefix("regionRules.\(fixed)") {
            if let override = overrideField(path.dropFirst("regionRules.\(fixed)".count), row: fixed) { return override }
            return path.contains(".regulation") ? "regulation.\(fixed)" : "regime.\(fixed)"
        }
        let prefix = "regionRules.rules["
        guard path.hasPrefix(prefix), let close = path.firstIndex(of: "]"),
            let index = Int(path[path.index(path.startIndex, offsetBy: prefix.count)..<close]), order.indices.contains(index)
        else { return nil }
        let rest = path[close...]
        if let override = overrideField(rest.dropFirst(), row: order[index]) { return override }
        let name = rest.contains(".regulation") ? "regulation" : rest.contains(".regions") ? "regions" : "regime"
        return "\(name).\(order[index])"
    }

    /// `default.<row>.KEY` for `.purposeDefaults.KEY`, `lifetime.<row>.KEY` for `.lifetimeDays.KEY`, else nil.
    private static func overrideField(_ rest: Substring, row: String) -> String? {
        for (member, name) in [(".purposeDefaults.", "default"), (".lifetimeDays.", "lifetime")] where rest.hasPrefix(member) {
            return "\(name).\(row).\(rest.dropFirst(member.count))"
        }
        return nil
    }
}

/// A property's region → regime rules as a console page (`/console/properties/{property}/regions`), saved under
/// the audit action `regionRules.update`: the rows are read first (a row that cannot be read is refused before
/// anything is saved), then the rules go through the editor like the admin API's.
struct RegionSettings: PropertySettingsForm {
    static let path = "regions"
    static let action = "regionRules.update"
    static let savedNotice = "Saved. The rules apply to the next visitors at once."
    static let conflictAlert =
        "Someone else changed this property after you opened the page. Their rules are shown below; yours were not saved."

    let form: RegionRulesForm
    let rules: RegionRules?
    /// The form row each saved rule came from, to place the validator's refusals.
    let order: [String]
    let errors: [String: String]

    init(fields: [String: [String]], over property: Property) {
        form = RegionRulesForm(fields: fields)
        let read = form.rules(over: property.regionRules)
        rules = read.rules
        order = read.order
        errors = read.errors
    }

    func apply(to property: inout Property) {
        if let rules { property.regionRules = rules }
    }

    func field(of path: String) -> String? { RegionRulesForm.field(of: path, order: order) }

    static func page(property: Property, form: Self?, state: PropertySettingsState) -> ConsolePage.Model {
        .regionsPage(
            property: property, canEdit: state.canEdit, csrf: state.csrf, chrome: state.chrome, form: form?.form, errors: state.errors,
            notice: state.notice, alert: state.alert)
    }
}
