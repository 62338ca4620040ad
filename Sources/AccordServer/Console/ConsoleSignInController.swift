import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The console's open routes: its stylesheet, the sign-in form and the set-up form new users reach from their link.
/// Each form carries a CSRF token bound to the browser's `accord_csrf` cookie; sign-ins are limited per address and,
/// through `ConsoleAccounts`, locked per account after repeated failures.
struct ConsoleSignInController {
    let accounts: ConsoleAccounts
    let forms: ConsoleForms
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    var pages = PageRenderer.shared

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/console/console.css") { request, _ in
            EntityTag.response(
                request, body: ByteBuffer(string: WebAssets.consoleCSS),
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=300"])
        }
        router.get("/console/login") { request, _ in
            let ready = request.uri.queryParameters["ready"] == "1"
            return page(request, status: .ok) {
                .loginPage(csrf: $0, notice: ready ? "Your password is set. Sign in with it." : nil)
            }
        }
        router.post("/console/login", use: signIn)
        router.get("/console/setup", use: setupPage)
        router.post("/console/setup", use: setUp)
    }

    @Sendable func signIn(_ request: Request, context: AccordRequestContext) async throws -> Response {
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var response = page(request, status: .tooManyRequests) {
                .loginPage(csrf: $0, alert: "Too many sign-in attempts from your network. Wait \(wait) seconds and try again.")
            }
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let form = try await FormBody.fields(of: request, context: context)
        let email = form["email"]?.first ?? ""
        guard forms.isValid(form, request: request) else {
            return page(request, status: .forbidden) {
                .loginPage(csrf: $0, email: email, alert: "The form had expired. Sign in again.")
            }
        }
        let code = form["code"]?.first.flatMap { $0.isEmpty ? nil : $0 }
        switch try await accounts.signIn(email: email, password: form["password"]?.first ?? "", code: code) {
        case .signedIn(let token, _):
            return Response(
                status: .seeOther,
                headers: [.location: "/console", .cacheControl: "no-store", .setCookie: forms.cookie.setting(token)])
        case .refused:
            return page(request, status: .unauthorized) {
                .loginPage(csrf: $0, email: email, alert: "The e-mail address or the password is wrong.")
            }
        case .codeRefused:
            return page(request, status: .unauthorized) {
                .loginPage(
                    csrf: $0, email: email,
                    alert: "This account signs in with a code too: enter the 6 digits your authenticator app shows now.")
            }
        case .locked(let until):
            let minutes = max(1, Int((until.timeIntervalSince(accounts.now()) / 60).rounded(.up)))
            return page(request, status: .forbidden) {
                .loginPage(
                    csrf: $0, email: email,
                    alert: "Too many failed sign-ins: this account is locked for \(minutes) more minutes. Try again later.")
            }
        }
    }

    @Sendable func setupPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        guard case .pending(let user) = try await accounts.setupLink(token: token) else {
            return try await unusableLink(token)
        }
        var response = page(request, status: .ok) { .setupPage(csrf: $0, token: token, email: user.email) }
        Self.protectLink(&response)
        return response
    }

    @Sendable func setUp(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let form = try await FormBody.fields(of: request, context: context)
        let token = form["token"]?.first ?? ""
        guard case .pending(let user) = try await accounts.setupLink(token: token) else {
            return try await unusableLink(token)
        }
        guard forms.isValid(form, request: request) else {
            return page(request, status: .forbidden) {
                var model = ConsolePage.Model.setupPage(csrf: $0, token: token, email: user.email)
                model.alert = "The form had expired. Enter the password again."
                return model
            }
        }
        do {
            _ = try await accounts.setUp(
                token: token, password: form["password"]?.first ?? "", confirmation: form["confirmation"]?.first ?? "")
        } catch let refusal as ConsoleAccounts.Refusal where refusal.field != "token" {
            var response = page(request, status: .unprocessableContent) {
                .setupPage(csrf: $0, token: token, email: user.email, refusal: refusal)
            }
            Self.protectLink(&response)
            return response
        } catch is ConsoleAccounts.Refusal {
            return try await unusableLink(token)
        }
        return Response(status: .seeOther, headers: [.location: "/console/login?ready=1", .cacheControl: "no-store"])
    }

    /// Says the link cannot be used: 410 when it expired, 404 when it was used, replaced or never issued. No longer a
    /// credential, so the page needs no protection of its own.
    private func unusableLink(_ token: String) async throws -> Response {
        let expired: Bool
        if case .expired = try await accounts.setupLink(token: token) { expired = true } else { expired = false }
        let model = ConsolePage.Model.messagePage(
            title: "Link not usable", text: ConsoleAccounts.linkUnusable, linkHref: "/console/login", linkLabel: "Sign in")
        return HTML.response(pages.render(ConsolePage.View(model: model)), status: expired ? .gone : .notFound)
    }

    /// A form page with a CSRF token bound to this browser, giving the browser its binding cookie when it has none.
    private func page(_ request: Request, status: HTTPResponse.Status, _ model: (String) -> ConsolePage.Model) -> Response {
        let binding = BrowserBinding.issue(request, secure: forms.cookie.secure)
        var response = HTML.response(pages.render(ConsolePage.View(model: model(forms.token(forBrowser: binding.value)))), status: status)
        response.headers.append(HTTPField(name: .setCookie, value: binding.setCookie))
        return response
    }

    /// A set-up link is a credential: it must not leak to other sites through the Referer header, nor be indexed.
    private static func protectLink(_ response: inout Response) {
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xRobotsTag] = "noindex"
    }
}
