import AccordCore

extension ProblemPage {
    struct Model: Hashable, Sendable {
        var locale: String
        var title: String
        var message: String

        /// The problem in the requested locale, else the property's default, else English.
        static func make(_ problem: Problem, property: Property, locale: String?) -> Model {
            let texts = PageTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
            let message =
                switch problem {
                case .linkInvalid: texts.linkInvalid
                case .linkExpired: texts.linkExpired
                case .formFromElsewhere: texts.formFromElsewhere
                case .formExpired: texts.formExpired
                case .linkFormExpired: texts.linkFormExpired
                }
            return Model(locale: texts.locale, title: texts.problemTitle, message: message)
        }
    }
}
