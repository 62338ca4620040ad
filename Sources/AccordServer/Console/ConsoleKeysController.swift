import AccordCore
import Foundation
import Hummingbird

/// API keys in the console (owners): list, create (the key shown once) and revoke. A revoked key is refused at once
/// here (its cached look-up is dropped) and within the key cache's five seconds on other instances.
struct ConsoleKeysController {
    let keys: any KeyStore
    let cache: APIKeyCache
    let forms: ConsoleForms
    let now: @Sendable () -> Date
    var pages = PageRenderer.shared

    func register(on group: RouterGroup<ConsoleAdministerContext>) {
        group.get("/console/keys", use: list)
        group.post("/console/keys", use: create)
        group.post("/console/keys/:prefix/revoke", use: revoke)
    }

    private func page(
        _ context: ConsoleAdministerContext, status: HTTPResponse.Status = .ok, _ build: (String, ConsolePage.Chrome) -> ConsolePage.Model
    )
        -> Response
    {
        forms.page(context, section: "/console/keys", status: status, pages: pages, build)
    }

    @Sendable func list(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        let all = try await keys.apiKeys()
        let revoked = request.uri.queryParameters["revoked"].map { "Key \($0) revoked: it is refused from now on." }
        return page(context) { .keysPage(all, csrf: $0, chrome: $1, now: now(), notice: revoked) }
    }

    @Sendable func create(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let name = (form["name"]?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let scopes = Set((form["scope"] ?? []).compactMap(APIKey.Scope.init(rawValue:)))
        guard !scopes.isEmpty else {
            let all = try await keys.apiKeys()
            return page(context, status: .unprocessableContent) {
                .keysPage(all, csrf: $0, chrome: $1, now: now(), nameValue: name, scopesError: "Choose at least one scope.")
            }
        }
        let time = now()
        let expiryText = (form["expires"]?.first ?? "").trimmingCharacters(in: .whitespaces)
        var expiry: Date?
        if !expiryText.isEmpty {
            // A date input: the key works through that day (UTC) and stops at its end.
            guard let day = ReportDay.parse(expiryText), Double(day + 1) * 86_400 > time.timeIntervalSince1970 else {
                let all = try await keys.apiKeys()
                return page(context, status: .unprocessableContent) {
                    .keysPage(
                        all, csrf: $0, chrome: $1, now: time, nameValue: name, checked: scopes, expiresValue: expiryText,
                        expiresError: "Enter a date from today on, as YYYY-MM-DD, or leave it empty for a key that does not expire.")
                }
            }
            expiry = Date(timeIntervalSince1970: Double(day + 1) * 86_400)
        }
        let label = "\(name.isEmpty ? "unnamed" : name) (by \(context.user.email))"
        let (token, key) = APIKey.generate(name: label, scopes: scopes, at: time, expiresAt: expiry, createdBy: context.actor)
        try await keys.saveAPIKey(key)
        let all = try await keys.apiKeys()
        var response = page(context) { .keysPage(all, csrf: $0, chrome: $1, now: time, created: .init(name: label, token: token)) }
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }

    @Sendable func revoke(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let prefix = context.parameters.get("prefix") ?? ""
        let revoked = try await keys.revokeAPIKeys(prefix: prefix)
        guard !revoked.isEmpty else { throw ConsoleRefusal.notFound }
        for key in revoked { cache.forget(hash: key.hash) }
        return Response(
            status: .seeOther, headers: [.location: "/console/keys?revoked=\(prefix)", .cacheControl: "no-store"])
    }
}
