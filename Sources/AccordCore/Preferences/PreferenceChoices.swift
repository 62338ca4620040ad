/// What choosing a frequency means, decided once for every write path: a person picks one frequency of a
/// preference, so granting `email.newsletter.weekly` denies the preference's other frequencies and, unless the
/// same write says otherwise, grants `email.newsletter` itself. Pure.
public enum PreferenceChoices {
    /// `choices` (key to `granted`/`denied`, as sent) with what each granted frequency implies added; keys sent
    /// explicitly are never overridden. `available` are the purposes the policy offers (for the sibling frequencies).
    public static func expand(_ choices: [String: String], available: [Purpose]) -> [String: String] {
        var result = choices
        for (text, value) in choices where value == ConsentChoice.granted.rawValue {
            guard let key = PreferenceKey(text), key.frequency != nil else { continue }
            let preference = key.preference
            if result[preference.description] == nil { result[preference.description] = ConsentChoice.granted.rawValue }
            for purpose in available {
                guard let sibling = purpose.key.preference, sibling.preference == preference, sibling.frequency != nil,
                    sibling != key, result[sibling.description] == nil
                else { continue }
                result[sibling.description] = ConsentChoice.denied.rawValue
            }
        }
        return result
    }

    /// The frequency a state grants for `preference`: the granted frequency key, if any.
    public static func frequency(of preference: PreferenceKey, in state: ConsentState?) -> Topic.Frequency? {
        guard let state else { return nil }
        return Topic.Frequency.allCases.first { frequency in
            let key = PreferenceKey(channel: preference.channel, topic: preference.topic, frequency: frequency).purposeKey
            return state.purposes[key]?.choice == .granted
        }
    }
}
