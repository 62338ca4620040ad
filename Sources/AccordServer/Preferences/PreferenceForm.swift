import AccordCore

/// What the preference center's form records for a known subject's communication preferences: each offered
/// preference granted when ticked and denied otherwise; `action=unsubscribe:<channel>` denies that channel's
/// preferences only, leaving the purposes and the other channels as they are.
enum PreferenceForm {
    static func choices(from form: [String: [String]], purposes: [String: Bool], preferences: [Purpose]) -> [String: Bool] {
        let action = form["action"]?.first ?? "save"
        if action.hasPrefix("unsubscribe:"), let channel = Purpose.Channel(rawValue: String(action.dropFirst("unsubscribe:".count))) {
            let denied = preferences.filter { $0.key.preference?.channel == channel }.map { ($0.key.rawValue, false) }
            if !denied.isEmpty { return Dictionary(denied) { first, _ in first } }
        }
        let checked = Set(action == "withdraw-all" ? [] : form["purpose"] ?? [])
        var choices = purposes
        for purpose in preferences { choices[purpose.key.rawValue] = checked.contains(purpose.key.rawValue) }
        return choices
    }
}
