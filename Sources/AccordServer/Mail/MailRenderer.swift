import AccordCore
import Foundation
import Mustache

/// The e-mail templates in `web/templates/` (embedded like the pages): one HTML and one plain-text layout that
/// every kind of letter fills. The text one declares `CONTENT_TYPE: TEXT`, so nothing in it is HTML-escaped;
/// the HTML one escapes every value, and neither loads anything (no images, so no tracking pixel).
enum MailTemplate: String, CaseIterable, Sendable {
    case html = "mail-html"
    case text = "mail-text"
}

/// Renders letters into messages, the templates parsed once.
struct MailRenderer: Sendable {
    private struct View: Sendable {
        var letter: MailLetter
    }

    private let library: MustacheLibrary

    init(sources: [String: String]) throws {
        var library = MustacheLibrary()
        for template in MailTemplate.allCases {
            guard let text = sources[template.rawValue] else { throw MissingTemplate(name: template.rawValue) }
            try library.register(text, named: template.rawValue)
        }
        self.library = library
    }

    /// The embedded templates; a test renders both.
    static let shared: MailRenderer = {
        do {
            return try MailRenderer(sources: WebTemplates.sources)
        } catch {
            preconditionFailure("web/templates mail layouts do not parse: \(error)")
        }
    }()

    /// The message for `letter`, from `from` (named after the property) to `to`.
    func message(_ letter: MailLetter, from: String, to: String) -> MailMessage {
        let view = View(letter: letter)
        let html = library.render(view, withTemplate: MailTemplate.html.rawValue) ?? ""
        let text = library.render(view, withTemplate: MailTemplate.text.rawValue) ?? ""
        return MailMessage(
            from: from, fromName: letter.propertyName, to: to, subject: letter.subject,
            text: text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n", html: html, language: letter.locale)
    }

    struct MissingTemplate: Error {
        var name: String
    }
}
