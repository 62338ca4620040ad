import Foundation

/// Decides whether a draft can be published: every problem at once, each with its JSON path, so an author
/// fixes them in one pass. Pure: the property (its purposes and topics) is passed in.
public enum FormValidator {
    /// The channels a preference item may name.
    public static let channels = ["email", "sms", "phone", "post", "push", "inApp"]
    /// The field types a `field` item may have.
    public static let fieldTypes = ["text", "date"]

    /// Every problem of `draft` for `property`, in document order; empty when it can be published. A preference
    /// item must name a topic of the property that uses its channel (`Property.preferencePurpose`).
    public static func problems(of draft: FormDraft, in property: Property) -> [FormProblem] {
        var problems: [FormProblem] = []
        if draft.kind == nil { problems.append(FormProblem(field: "kind", message: "kind must be consent or hipaaAuthorization")) }
        problems += textProblems(draft.title, field: "title", required: true)
        problems += textProblems(draft.intro, field: "intro", required: false)
        problems += itemProblems(draft.items, property: property)
        let items = Dictionary((draft.items ?? []).compactMap { item in item.key.map { ($0, item) } }) { first, _ in first }
        problems += ruleProblems(draft.rules ?? [], items: items)
        problems += expiryProblems(draft.expiry ?? [:], items: items)
        if draft.kind == .hipaaAuthorization { problems += HIPAAElements.problems(of: draft) }
        return problems
    }

    private static func textProblems(_ texts: [String: String]?, field: String, required: Bool) -> [FormProblem] {
        guard let texts else {
            return required ? [FormProblem(field: field, message: "\(field) needs a text in at least one locale")] : []
        }
        if required && texts.isEmpty { return [FormProblem(field: field, message: "\(field) needs a text in at least one locale")] }
        return texts.keys.sorted().compactMap { locale in
            guard let text = texts[locale], text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
            return FormProblem(field: "\(field).\(locale)", message: "the text for \(locale) is empty")
        }
    }

    private static func itemProblems(_ items: [FormItem]?, property: Property) -> [FormProblem] {
        guard let items, !items.isEmpty else { return [FormProblem(field: "items", message: "a form needs at least one item")] }
        var problems: [FormProblem] = []
        var keys = Set<String>()
        var choiceKeys = Set<String>()
        for (index, item) in items.enumerated() {
            let path = "items[\(index)]"
            if let key = item.key, FormKey.isWellFormed(key) {
                if !keys.insert(key).inserted {
                    problems.append(FormProblem(field: "\(path).key", message: "item key '\(key)' is used twice"))
                }
            } else {
                problems.append(
                    FormProblem(field: "\(path).key", message: "an item key is 1 to 64 lower-case letters, digits, - or _"))
            }
            guard let type = item.type else {
                problems.append(FormProblem(field: "\(path).type", message: "type must be purpose, preference, field or signature"))
                continue
            }
            switch type {
            case .purpose:
                if let key = item.purpose, let purpose = property.purpose(PurposeKey(rawValue: key)), !purpose.isRetired {
                    if !choiceKeys.insert(key).inserted {
                        problems.append(FormProblem(field: "\(path).purpose", message: "purpose '\(key)' is asked twice"))
                    }
                } else {
                    problems.append(
                        FormProblem(
                            field: "\(path).purpose",
                            message: "'\(item.purpose ?? "")' is not an active purpose of property \(property.id)"))
                }
            case .preference:
                if !channels.contains(item.channel ?? "") {
                    problems.append(
                        FormProblem(field: "\(path).channel", message: "channel must be one of \(channels.joined(separator: ", "))"))
                }
                let topic = item.topic ?? ""
                let known = item.choiceKey.flatMap { PreferenceKey($0) }.flatMap { property.preferencePurpose($0) }
                if channels.contains(item.channel ?? ""), known == nil || topic.contains(".") {
                    problems.append(
                        FormProblem(
                            field: "\(path).topic",
                            message: "'\(topic)' is not a topic of property \(property.id) on channel \(item.channel ?? "")"))
                } else if let key = item.choiceKey, !choiceKeys.insert(key).inserted {
                    problems.append(FormProblem(field: "\(path).topic", message: "preference '\(key)' is asked twice"))
                }
            case .field:
                if !fieldTypes.contains(item.fieldType ?? "") {
                    problems.append(FormProblem(field: "\(path).fieldType", message: "fieldType must be text or date"))
                }
                problems += textProblems(item.label, field: "\(path).label", required: true)
            case .signature:
                problems += textProblems(item.attestation, field: "\(path).attestation", required: true)
            }
        }
        if problems.isEmpty && !items.contains(where: { $0.choiceKey != nil }) {
            problems.append(
                FormProblem(field: "items", message: "a form records choices: it needs at least one purpose or preference item"))
        }
        return problems
    }

    private static func ruleProblems(_ rules: [FormRule], items: [String: FormItem]) -> [FormProblem] {
        var problems: [FormProblem] = []
        var edges: [(from: String, to: String, index: Int)] = []
        var ageRules = 0
        for (index, rule) in rules.enumerated() {
            let path = "rules[\(index)]"
            func known(_ key: String?, _ member: String, choice: Bool = false) -> Bool {
                guard let key, let item = items[key] else {
                    problems.append(FormProblem(field: "\(path).\(member)", message: "'\(key ?? "")' is not an item of this form"))
                    return false
                }
                if choice && item.choiceKey == nil {
                    problems.append(
                        FormProblem(field: "\(path).\(member)", message: "'\(key)' is not a purpose or preference item"))
                    return false
                }
                return true
            }
            switch rule.shape {
            case .requirement:
                let from = known(rule.if, "if", choice: true)
                let to = known(rule.requires, "requires", choice: true)
                if from && to, let source = rule.if, let target = rule.requires {
                    if source == target {
                        problems.append(FormProblem(field: "\(path).requires", message: "an item cannot require itself"))
                    } else {
                        edges.append((source, target, index))
                    }
                }
            case .scope:
                _ = known(rule.item, "item")
                if rule.shownIn == nil && rule.requiredIn == nil {
                    problems.append(FormProblem(field: path, message: "a scope rule needs shownIn or requiredIn"))
                }
                for (member, scope) in [("shownIn", rule.shownIn), ("requiredIn", rule.requiredIn)] {
                    guard let scope else { continue }
                    if (scope.regions ?? []).isEmpty && (scope.regimes ?? []).isEmpty {
                        problems.append(FormProblem(field: "\(path).\(member)", message: "name at least one region or regime"))
                    }
                    for (position, region) in (scope.regions ?? []).enumerated() where !RegionCatalog.isKnown(region) {
                        problems.append(
                            FormProblem(field: "\(path).\(member).regions[\(position)]", message: "'\(region)' is not a known region"))
                    }
                }
            case .age:
                ageRules += 1
                if ageRules > 1 { problems.append(FormProblem(field: path, message: "a form has at most one age rule")) }
                if !(1...120).contains(rule.minimumAge ?? 0) {
                    problems.append(FormProblem(field: "\(path).minimumAge", message: "minimumAge must be 1 to 120"))
                }
                if rule.dateField == nil {
                    problems.append(
                        FormProblem(field: "\(path).dateField", message: "an age rule needs the date field that holds the date of birth"))
                } else if known(rule.dateField, "dateField"), let key = rule.dateField, items[key]?.fieldType != "date" {
                    problems.append(FormProblem(field: "\(path).dateField", message: "'\(key)' is not a date field"))
                }
            case nil:
                problems.append(
                    FormProblem(
                        field: path,
                        message:
                            "a rule is {\"if\", \"requires\"}, {\"item\", \"shownIn\"/\"requiredIn\"} or {\"minimumAge\", \"dateField\", \"guardian\"}"
                    ))
            }
        }
        if let cycle = firstCycle(edges) {
            problems.append(
                FormProblem(
                    field: "rules[\(cycle.index)].requires",
                    message: "requirements form a cycle: \(cycle.path.joined(separator: " → "))"))
        }
        return problems
    }

    /// The first cycle among `requires` edges (depth-first, in rule order), with the rule that closes it.
    static func firstCycle(_ edges: [(from: String, to: String, index: Int)]) -> (path: [String], index: Int)? {
        var visited = Set<String>()
        // `stack` is the path from the start to `node`, `node` last.
        func visit(_ node: String, _ stack: [String]) -> (path: [String], index: Int)? {
            for edge in edges where edge.from == node {
                if let start = stack.firstIndex(of: edge.to) { return (Array(stack[start...]) + [edge.to], edge.index) }
                if visited.contains(edge.to) { continue }
                if let found = visit(edge.to, stack + [edge.to]) { return found }
            }
            visited.insert(node)
            return nil
        }
        for edge in edges where !visited.contains(edge.from) {
            if let found = visit(edge.from, [edge.from]) { return found }
        }
        return nil
    }

    private static func expiryProblems(_ expiry: [String: FormExpiry], items: [String: FormItem]) -> [FormProblem] {
        expiry.keys.sorted().flatMap { key -> [FormProblem] in
            let path = "expiry.\(key)"
            guard let item = items[key], item.choiceKey != nil else {
                return [FormProblem(field: path, message: "'\(key)' is not a purpose or preference item of this form")]
            }
            let spec = expiry[key]!
            let given = [spec.date != nil, spec.days != nil, spec.months != nil, spec.endOfYear == true].filter { $0 }.count
            if given != 1 {
                return [FormProblem(field: path, message: "give exactly one of date, days, months or endOfYear: true")]
            }
            if let date = spec.date, FormDates.day(date) == nil {
                return [FormProblem(field: "\(path).date", message: "date must be a day as YYYY-MM-DD")]
            }
            if let days = spec.days, !(1...36_500).contains(days) {
                return [FormProblem(field: "\(path).days", message: "days must be 1 to 36500")]
            }
            if let months = spec.months, !(1...1_200).contains(months) {
                return [FormProblem(field: "\(path).months", message: "months must be 1 to 1200")]
            }
            return []
        }
    }
}
