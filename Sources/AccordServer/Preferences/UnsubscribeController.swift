import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One-click unsubscribe (RFC 8058): `GET /p/{property}/unsubscribe/{token}` shows a page with one button;
/// `POST` to the same URL withdraws the one preference the token was sealed for. A mail client's
/// `List-Unsubscribe=One-Click` POST gets a plain `200` without a page. The withdrawal is an ordinary consent event
/// (source `preferenceCenter`, authenticated as by a preference link: the sealed token) whose origin says which
/// way it came (`{"unsubscribe": "oneClick"}` for the mail client's POST, `"page"` for the page's button); a
/// preference already withdrawn records nothing new.
struct UnsubscribeController {
    let recorder: ConsentRecorder
    let store: any ConsentLog
    let catalog: PropertyCatalog
    let sealer: UnsubscribeLinkSealer
    let addresses: ClientAddressResolver

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/p/:property/unsubscribe/:token", use: page)
        router.post("/p/:property/unsubscribe/:token", use: unsubscribe)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let token = try context.parameters.require("token")
        guard let opened = try? sealer.open(token, property: property.id) else { return invalid(property, request) }
        let model = UnsubscribePage.Model.make(
            opened.preference, property: property, locale: locale(request),
            action: "/p/\(property.id.rawValue)/unsubscribe/\(token)", done: false)
        return Self.protect(HTML.response(PageRenderer.shared.render(UnsubscribePage.View(model: model))))
    }

    @Sendable func unsubscribe(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let token = try context.parameters.require("token")
        guard let opened = try? sealer.open(token, property: property.id) else { return invalid(property, request) }
        let form = try await FormBody.fields(of: request, context: context)
        let key = opened.preference.purposeKey
        let subject = try ConsentEventBuilder.validateSubject(opened.subject)
        let current = try await store.states(of: [try await recorder.resolvedKey(for: subject, in: property.id)], in: property.id)
        let fromPage = form["page"]?.first == "1"
        if current.values.first?.purposes[key]?.choice != .denied {
            do {
                _ = try await recorder.withdraw(
                    subject: subject, purposes: [key.rawValue], in: property, source: .preferenceCenter,
                    client: ClientContext(
                        address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
                    authentication: .preferenceLink, origin: EventOrigin(unsubscribe: fromPage ? .page : .oneClick))
                context.logger.info("one-click unsubscribe recorded", metadata: ["accord.property": "\(property.id)"])
            } catch ConsentRequestError.purposesInvalid {
                // The topic (or its channel) is no longer published: nothing is sent on it any more either.
                return invalid(property, request, status: .gone)
            }
        }
        guard fromPage else {
            // RFC 8058 §3.1: the mail client's POST needs no page, only a success status.
            return Self.protect(
                Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                    body: .init(byteBuffer: .init(string: "unsubscribed\n"))))
        }
        let model = UnsubscribePage.Model.make(
            opened.preference, property: property, locale: locale(request), action: "", done: true)
        return Self.protect(HTML.response(PageRenderer.shared.render(UnsubscribePage.View(model: model))))
    }

    private func locale(_ request: Request) -> String? {
        request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
    }

    private func invalid(_ property: Property, _ request: Request, status: HTTPResponse.Status = .forbidden) -> Response {
        let model = ProblemPage.Model.make(.linkInvalid, property: property, locale: locale(request))
        return Self.protect(HTML.response(PageRenderer.shared.render(ProblemPage.View(model: model)), status: status))
    }

    /// The token is a credential: it must not leak through the Referer header, nor be indexed.
    private static func protect(_ response: Response) -> Response {
        var response = response
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xRobotsTag] = "noindex"
        return response
    }
}
