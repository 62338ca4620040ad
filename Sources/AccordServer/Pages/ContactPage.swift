import AccordCore
import Foundation

/// The page behind a contact-confirmation link: asks before confirming (a GET never changes anything, so mail
/// scanners that open links confirm nothing), then says what happened. No script, no style, nothing loaded.
enum ContactPage {
    struct Model: Hashable, Sendable {
        var locale: String
        var title: String
        var message: String
        /// Set while the question is asked: the form posts it back.
        var token: String?
        var action: String
        var button: String

        /// The question (with `token`) or an answer (`confirmed` or not) in the requested or the property's language.
        static func make(property: Property, locale: String?, token: String?, confirmed: Bool = false) -> Model {
            let texts = MailTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
            let message = token != nil ? texts.pageQuestion : confirmed ? texts.pageConfirmed : texts.pageOutdated
            return Model(
                locale: texts.locale, title: texts.pageTitle,
                message: message.replacingOccurrences(of: "{property}", with: property.name), token: token,
                action: "/p/\(property.id.rawValue)/contact/confirm" + (locale.map { "?locale=\($0)" } ?? ""),
                button: texts.pageButton)
        }
    }

    /// web/templates/contact.mustache.
    struct View: PageView {
        static let template = PageTemplate.contact
        var model: Model
        var policy: ContentSecurityPolicy { .lockedDown }
    }
}
