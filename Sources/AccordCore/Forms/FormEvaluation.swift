import Foundation

/// What a submission of a published form amounts to once its rules are applied: the choices to record (by
/// purpose key or `channel.topic`), their expiries, the signature evidence, whether a guardian must confirm,
/// and every problem, each naming its field (`answers.research`, `guardian.email`).
public struct FormEvaluation: Hashable, Sendable {
    /// Consent key to granted or denied, for the items shown and answered.
    public var choices: [String: ConsentChoice] = [:]
    /// Expiries from the form's `expiry`, for granted choices that have one, counted from `now`.
    public var expiries: [String: Date] = [:]
    /// The form's `expiry` rule for each granted choice that has one (what the event's expiry is counted by).
    public var expiryRules: [String: FormExpiry] = [:]
    /// The field answers (text as given), by item key.
    public var fields: [String: String] = [:]
    /// The typed full name of each signature item, by item key.
    public var signatures: [String: String] = [:]
    /// Whether the person is under the age rule's minimum and a guardian must confirm before anything is recorded.
    public var needsGuardian = false
    /// The items shown for this region and regime, in form order.
    public var shownItems: [String] = []
    /// Everything that keeps the submission from being accepted; empty when it can be.
    public var problems: [FormProblem] = []
}

/// The form's rules as a pure function: which items are shown and required for a region and regime, what the
/// answers record, and what they lack.
public enum FormRules {
    /// Whether `item` is shown for `region` under `regime` (no `shownIn` rule: everywhere).
    public static func isShown(_ item: String, in draft: FormDraft, region: String?, regime: Regime) -> Bool {
        let scopes = (draft.rules ?? []).filter { $0.item == item }.compactMap(\.shownIn)
        return scopes.isEmpty || scopes.contains { matches($0, region: region, regime: regime) }
    }

    /// Whether `item` must be answered (granted, for a choice) for `region` under `regime`. Signatures always are.
    public static func isRequired(_ item: FormItem, in draft: FormDraft, region: String?, regime: Regime) -> Bool {
        if item.type == .signature || item.required == true { return true }
        return (draft.rules ?? []).filter { $0.item == item.key }.compactMap(\.requiredIn).contains {
            matches($0, region: region, regime: regime)
        }
    }

    /// Applies the rules of `draft` to `answers` for a person in `region` under `regime`, at `now`.
    public static func evaluate(
        _ draft: FormDraft, answers: [String: FormAnswer], guardian: FormGuardian?, region: String?, regime: Regime,
        at now: Date
    ) -> FormEvaluation {
        var result = FormEvaluation()
        let items = draft.items ?? []
        let known = Set(items.compactMap(\.key))
        for key in answers.keys.sorted() where !known.contains(key) {
            result.problems.append(FormProblem(field: "answers.\(key)", message: "'\(key)' is not an item of this form", reason: .unknownItem))
        }
        for item in items {
            guard let key = item.key, isShown(key, in: draft, region: region, regime: regime) else { continue }
            result.shownItems.append(key)
            let required = isRequired(item, in: draft, region: region, regime: regime)
            let path = "answers.\(key)"
            switch (item.type, answers[key]) {
            case (.purpose, .choice(let granted)?), (.preference, .choice(let granted)?):
                if required && !granted {
                    result.problems.append(FormProblem(field: path, message: "'\(key)' is required to submit this form", reason: .required))
                }
                if let choiceKey = item.choiceKey { result.choices[choiceKey] = granted ? .granted : .denied }
            case (.purpose, nil), (.preference, nil):
                if required {
                    result.problems.append(FormProblem(field: path, message: "'\(key)' is required to submit this form", reason: .required))
                }
            case (.field, .text(let text)?):
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty {
                    if required { result.problems.append(FormProblem(field: path, message: "'\(key)' is required", reason: .required)) }
                } else if item.fieldType == "date" && FormDates.day(trimmed) == nil {
                    result.problems.append(FormProblem(field: path, message: "'\(key)' must be a date as YYYY-MM-DD", reason: .notADate))
                } else if trimmed.utf8.count > 1_000 {
                    result.problems.append(FormProblem(field: path, message: "'\(key)' is longer than 1000 bytes", reason: .tooLong))
                } else {
                    result.fields[key] = trimmed
                }
            case (.field, nil):
                if required { result.problems.append(FormProblem(field: path, message: "'\(key)' is required", reason: .required)) }
            case (.signature, .signature(let name, let attested)?):
                let typed = name.trimmingCharacters(in: .whitespacesAndNewlines)
                if typed.isEmpty || typed.utf8.count > 200 {
                    result.problems.append(
                        FormProblem(field: "\(path).name", message: "type your full name to sign (1 to 200 bytes)", reason: .signatureName))
                }
                if !attested {
                    result.problems.append(
                        FormProblem(field: "\(path).attested", message: "tick the attestation to sign", reason: .signatureAttestation))
                }
                if !typed.isEmpty { result.signatures[key] = typed }
            case (.signature, nil):
                result.problems.append(
                    FormProblem(field: path, message: "the form must be signed: give your full name and tick the attestation", reason: .unsigned))
            case (_, .some):
                result.problems.append(FormProblem(field: path, message: "'\(key)' does not take this kind of answer", reason: .wrongAnswer))
            case (nil, nil):
                break
            }
        }
        applyRequirements(draft, to: &result)
        applyAgeRule(draft, guardian: guardian, at: now, to: &result)
        for (key, spec) in draft.expiry ?? [:] {
            guard let choiceKey = draft.item(key)?.choiceKey, result.choices[choiceKey] == .granted else { continue }
            result.expiries[choiceKey] = expiry(spec, from: now)
            result.expiryRules[choiceKey] = spec
        }
        return result
    }

    /// When a choice made at `now` expires under `spec`: the start of the day given, `now` plus the days or
    /// calendar months, or the end of `now`'s calendar year (UTC).
    public static func expiry(_ spec: FormExpiry, from now: Date) -> Date? {
        let calendar = FormDates.calendar
        if let date = spec.date { return FormDates.day(date) }
        if let days = spec.days { return now.addingTimeInterval(TimeInterval(days) * 86_400) }
        if let months = spec.months { return calendar.date(byAdding: .month, value: months, to: now) }
        if spec.endOfYear == true {
            let year = calendar.component(.year, from: now)
            return calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))
        }
        return nil
    }

    private static func applyRequirements(_ draft: FormDraft, to result: inout FormEvaluation) {
        for rule in draft.rules ?? [] where rule.shape == .requirement {
            guard let source = rule.if, let target = rule.requires,
                let sourceKey = draft.item(source)?.choiceKey, let targetKey = draft.item(target)?.choiceKey,
                result.choices[sourceKey] == .granted, result.choices[targetKey] != .granted
            else { continue }
            result.problems.append(FormProblem(field: "answers.\(source)", message: "'\(source)' needs '\(target)' too", reason: .needs(target)))
        }
    }

    private static func applyAgeRule(_ draft: FormDraft, guardian: FormGuardian?, at now: Date, to result: inout FormEvaluation) {
        guard let rule = (draft.rules ?? []).first(where: { $0.shape == .age }), let field = rule.dateField,
            let minimum = rule.minimumAge
        else { return }
        guard let text = result.fields[field], let birth = FormDates.day(text) else {
            if !result.problems.contains(where: { $0.field == "answers.\(field)" }) {
                result.problems.append(
                    FormProblem(field: "answers.\(field)", message: "the date of birth is needed for the age rule", reason: .birthDateNeeded))
            }
            return
        }
        if birth > now {
            result.problems.append(FormProblem(field: "answers.\(field)", message: "the date of birth is in the future", reason: .birthDateInFuture))
            return
        }
        guard FormDates.age(born: birth, at: now) < minimum else { return }
        guard rule.guardian == true else {
            result.problems.append(
                FormProblem(
                    field: "answers.\(field)", message: "this form can only be submitted by people aged \(minimum) or over",
                    reason: .tooYoung(minimum)))
            return
        }
        result.needsGuardian = true
        let name = guardian?.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if name.isEmpty || name.utf8.count > 200 {
            result.problems.append(
                FormProblem(
                    field: "guardian.name", message: "under \(minimum), a parent or guardian must give their full name",
                    reason: .guardianName(minimum)))
        }
        if EmailAddress.normalized(guardian?.email ?? "") == nil {
            result.problems.append(
                FormProblem(
                    field: "guardian.email", message: "under \(minimum), a parent or guardian must give their e-mail address to confirm",
                    reason: .guardianEmail(minimum)))
        }
    }

    private static func matches(_ scope: FormScope, region: String?, regime: Regime) -> Bool {
        if (scope.regimes ?? []).contains(regime) { return true }
        guard let region else { return false }
        let country = region.split(separator: "-").first.map(String.init) ?? region
        return (scope.regions ?? []).lazy.flatMap(RegionCatalog.expand).contains { $0 == region || $0 == country }
    }
}
