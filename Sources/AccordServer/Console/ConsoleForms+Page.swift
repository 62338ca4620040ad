import HTTPTypes
import Hummingbird

extension ConsoleForms {
    /// A console page for the signed-in user of `context`, the one way every console controller answers with a page:
    /// the session's CSRF token (what each form on the page posts back), the chrome with `section` marked current, and
    /// the page rendered by `pages` as HTML no cache keeps (`HTML.response`: `no-store` and the page's policy), since
    /// console pages show personal data and the token.
    func page<Need: ConsoleNeed>(
        _ context: ConsoleRequestContext<Need>, section: String, status: HTTPResponse.Status = .ok, pages: PageRenderer,
        _ build: (_ csrf: String, _ chrome: ConsolePage.Chrome) throws -> ConsolePage.Model
    ) rethrows -> Response {
        let csrf = token(for: context.session)
        let chrome = ConsolePage.Chrome.make(user: context.user, csrf: csrf, current: section)
        return HTML.response(pages.render(ConsolePage.View(model: try build(csrf, chrome))), status: status)
    }
}
