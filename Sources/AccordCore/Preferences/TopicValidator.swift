/// Checks a property's topics before they are saved. Pure; errors name the field as a JSON path (`topics[1].channels`).
public enum TopicValidator {
    /// Throws the first rule the topics break: key shape and uniqueness, a name in the default locale, at least one
    /// channel, no channel or frequency twice, well-formed locales, a lifetime of 1 to 3650 days.
    public static func validate(_ topics: [Topic], defaultLocale: String) throws(ConfigurationError) {
        var seen = Set<TopicKey>()
        for (index, topic) in topics.enumerated() {
            let field = "topics[\(index)]"
            guard topic.key.isWellFormed else {
                throw .invalid("\(field).key", "topic keys are 1 to 64 lower-case letters, digits, '-' or '_'")
            }
            guard seen.insert(topic.key).inserted else {
                throw ConfigurationError(.purposeDuplicate, field: "\(field).key", "topic key '\(topic.key)' is used twice")
            }
            try validateTexts(topic.name, field: "\(field).name", required: defaultLocale)
            try validateTexts(topic.description, field: "\(field).description", required: nil)
            guard !topic.channels.isEmpty else { throw .invalid("\(field).channels", "a topic needs at least one channel") }
            if let twice = firstRepeated(topic.channels) {
                throw .invalid("\(field).channels[\(twice)]", "channel '\(topic.channels[twice].rawValue)' is listed twice")
            }
            if let twice = firstRepeated(topic.frequencies) {
                throw .invalid("\(field).frequencies[\(twice)]", "frequency '\(topic.frequencies[twice].rawValue)' is listed twice")
            }
            guard (1...3650).contains(topic.lifetimeDays) else {
                throw .invalid("\(field).lifetimeDays", "lifetime must be 1 to 3650 days")
            }
        }
    }

    private static func validateTexts(_ texts: [String: String], field: String, required: String?) throws(ConfigurationError) {
        for (locale, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard RequestValidation.isLocale(locale) else { throw .invalid("\(field).\(locale)", "not a BCP 47 language tag") }
            guard RequestValidation.hasVisibleText(text) else { throw .invalid("\(field).\(locale)", "the text is empty") }
            guard text.count <= 200 || required == nil else { throw .invalid("\(field).\(locale)", "names are at most 200 characters") }
        }
        if let required, texts[required] == nil {
            throw .invalid("\(field).\(required)", "a name in the default locale '\(required)' is required")
        }
    }

    private static func firstRepeated<T: Hashable>(_ values: [T]) -> Int? {
        var seen = Set<T>()
        return values.indices.first { !seen.insert(values[$0]).inserted }
    }
}
