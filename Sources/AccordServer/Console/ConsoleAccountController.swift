import AccordCore
import Foundation
import Hummingbird

/// A user's own account page, where they set up two-step sign-in (TOTP), and the owners' switch that requires it.
/// The account routes open before a required enrolment (`ConsoleAccountContext`), so a user can comply.
struct ConsoleAccountController {
    let accounts: ConsoleAccounts
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    func register(account: RouterGroup<ConsoleAccountContext>, administering: RouterGroup<ConsoleAdministerContext>) {
        account.get("/console/account", use: page)
        account.post("/console/account/totp", use: enrol)
        administering.post("/console/users/:user/totp-required", use: require)
    }

    private func render(
        _ context: ConsoleAccountContext, user: ConsoleUser, status: HTTPResponse.Status = .ok, codeError: String? = nil,
        notice: String? = nil
    ) throws -> Response {
        let offer = try user.totpSecret == nil ? accounts.offerTOTP(to: user) : nil
        var response = forms.page(context, section: "/console/account", status: status, pages: pages) { csrf, chrome in
            .accountPage(
                user: user, csrf: csrf, chrome: chrome,
                offer: offer.map { .init(typed: $0.typed, url: $0.url, pending: $0.pending, codeError: codeError) }, notice: notice)
        }
        // The page shows a secret: nobody else may see it through a Referer.
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }

    @Sendable func page(_ request: Request, context: ConsoleAccountContext) async throws -> Response {
        let enabled = request.uri.queryParameters["enrolled"] == "1" ? "Two-step sign-in is on." : nil
        return try render(context, user: context.user, notice: enabled)
    }

    @Sendable func enrol(_ request: Request, context: ConsoleAccountContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        guard context.user.totpSecret == nil else {
            return Response(status: .seeOther, headers: [.location: "/console/account"])
        }
        do {
            try await accounts.enrolTOTP(context.user, pending: form["pending"]?.first ?? "", code: form["code"]?.first ?? "")
        } catch let refusal as ConsoleAccounts.Refusal {
            return try render(context, user: context.user, status: .unprocessableContent, codeError: refusal.message)
        }
        return Response(status: .seeOther, headers: [.location: "/console/account?enrolled=1", .cacheControl: "no-store"])
    }

    @Sendable func require(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let id = ConsoleUser.ID(rawValue: context.parameters.get("user") ?? "")
        try await accounts.requireTOTP(form["required"]?.first == "1", of: id)
        return Response(status: .seeOther, headers: [.location: "/console/users", .cacheControl: "no-store"])
    }
}
