import AccordCore

/// The page of a one-click unsubscribe link opened in a browser: a question and a button (a `GET` never
/// unsubscribes, since mail scanners follow links), then the notice once done. No script, no style.
enum UnsubscribePage {
    struct Model: Hashable, Sendable {
        var locale: String
        var title: String
        var message: String
        var button: String
        var action: String
        var done: Bool

        /// The page for `preference` of `property` in the requested locale, else the default, else English.
        static func make(
            _ preference: PreferenceKey, property: Property, locale: String?, action: String, done: Bool
        ) -> Model {
            let chain = LocaleFallback.chain(for: locale, defaultLocale: property.defaultLocale)
            let texts = UnsubscribeTexts.resolve(chain)
            let topic = property.topic(preference.topic)?.name(for: [texts.locale] + chain) ?? preference.topic.rawValue
            let sentence = done ? texts.done : texts.question
            return Model(
                locale: texts.locale, title: texts.title, message: UnsubscribeTexts.fill(sentence, topic: topic),
                button: texts.button, action: action, done: done)
        }
    }

    /// web/templates/unsubscribe.mustache: its form posts to itself only.
    struct View: PageView {
        static let template = PageTemplate.unsubscribe
        var model: Model
        var policy: ContentSecurityPolicy { .lockedDown }
    }
}
