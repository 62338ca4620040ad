import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Runs in front of every signed-in console route: finds the live session the `accord_session` cookie names and
/// leaves it on the context (where `ConsoleRequestContext` requires it), and turns the console's refusals into
/// pages: no session sends the browser to the sign-in page, a missing role or a stale form is a 403 page.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let accounts: ConsoleAccounts
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let presented = request.cookies[ConsoleCookie.name].map { String($0.value) }
        if let presented { context.console = try await accounts.session(token: presented) }
        do {
            return try await next(request, context)
        } catch let refusal as ConsoleRefusal {
            return response(for: refusal, signIn: context.console, hadCookie: presented != nil)
        }
    }

    private func response(for refusal: ConsoleRefusal, signIn: ConsoleSignIn?, hadCookie: Bool) -> Response {
        let chrome = signIn.map { ConsolePage.Chrome.make(user: $0.user, csrf: forms.token(for: $0.session), current: "") }
        switch refusal {
        case .signedOut:
            var headers: HTTPFields = [.location: "/console/login", .cacheControl: "no-store"]
            if hadCookie { headers[.setCookie] = forms.cookie.clearing }
            return Response(status: .seeOther, headers: headers)
        case .forbidden(let capability):
            let role = signIn?.user.role.rawValue ?? "-"
            let text = "Your role (\(role)) may not \(Self.wording(capability)). Ask an owner if you need to."
            return HTML.response(
                pages.render(ConsolePage.View(model: .messagePage(title: "Not allowed", text: text, chrome: chrome))), status: .forbidden)
        case .formExpired:
            let text = "This form was opened too long ago or in another session, so it was not accepted. Open the page again and resend it."
            return HTML.response(
                pages.render(ConsolePage.View(model: .messagePage(title: "Form expired", text: text, chrome: chrome))), status: .forbidden)
        case .enrolmentRequired:
            return Response(status: .seeOther, headers: [.location: "/console/account", .cacheControl: "no-store"])
        case .notFound:
            return HTML.response(
                pages.render(ConsolePage.View(model: .messagePage(title: "Not found", text: "There is no such page.", chrome: chrome))),
                status: .notFound)
        }
    }

    private static func wording(_ capability: ConsoleCapability) -> String {
        switch capability {
        case .view: "open the console"
        case .subjects: "look up subjects"
        case .configure: "change the configuration"
        case .administer: "manage users and keys"
        case .requests: "act on data-subject requests"
        }
    }
}

/// The session cookie, `accord_session`: the session's random id (256 bits), `HttpOnly` (no script reads it),
/// `SameSite=Strict` (no other site's request carries it), `Secure` when Accord is served over https, sent only to
/// `/console`, and dropped by the browser at the session's absolute timeout (the server enforces both timeouts).
struct ConsoleCookie: Sendable {
    static let name = "accord_session"
    let secure: Bool

    func setting(_ token: String) -> String {
        "\(Self.name)=\(token); Path=/console; Max-Age=\(Int(ConsoleSession.absoluteTimeout)); HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : "")
    }

    var clearing: String {
        "\(Self.name)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}

/// The console's CSRF tokens: bound to the session once signed in, to the browser's `accord_csrf` cookie on the
/// sign-in and set-up forms.
struct ConsoleForms: Sendable {
    let signer: FormTokenSigner
    let cookie: ConsoleCookie
    let now: @Sendable () -> Date

    func token(for session: ConsoleSession) -> String {
        signer.make(console: "session:" + session.hash, at: now())
    }

    func token(forBrowser binding: String) -> String {
        signer.make(console: "browser:" + binding, at: now())
    }

    /// The form's fields when its `csrf` token is this session's; `ConsoleRefusal.formExpired` otherwise.
    func fields<Need: ConsoleNeed>(of request: Request, context: ConsoleRequestContext<Need>) async throws -> [String: [String]] {
        let form = try await FormBody.fields(of: request, context: context)
        guard let token = form["csrf"]?.first, signer.isValid(token, console: "session:" + context.session.hash, at: now())
        else { throw ConsoleRefusal.formExpired }
        return form
    }

    /// Whether a pre-sign-in form's token was issued to this browser.
    func isValid(_ form: [String: [String]], request: Request) -> Bool {
        guard let token = form["csrf"]?.first, let binding = BrowserBinding.read(request) else { return false }
        return signer.isValid(token, console: "browser:" + binding, at: now())
    }
}
