import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// The hosted privacy-request form and status pages, server-rendered and usable without JavaScript. Every post
/// carries a CSRF token bound to the browser's `accord_csrf` cookie (a post without it gets the page back with 403
/// and stores nothing); a filled honeypot field is answered like a success and stores nothing.
struct RequestPagesController {
    let desk: RequestDesk
    let catalog: PropertyCatalog
    let signer: FormTokenSigner
    let secureCookies: Bool
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    let renderer: PageRenderer = .shared

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/p/:property/requests/new", use: form)
        router.post("/p/:property/requests", use: submit)
        router.get("/p/:property/requests/:request", use: status)
        router.post("/p/:property/requests/:request/verify", use: verify)
        router.post("/p/:property/requests/:request/resend", use: resend)
    }

    @Sendable func form(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        return page(request) { csrf in
            renderer.render(RequestPage.FormView(model: .make(property: property, locale: Self.locale(request), csrf: csrf)))
        }
    }

    @Sendable func submit(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let locale = Self.locale(request)
        let fields = try await FormBody.fields(of: request, context: context)
        let values = fields.compactMapValues(\.first)
        guard isValid(values["csrf"], request) else {
            let texts = RequestPageTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
            return page(request, status: .forbidden) { csrf in
                renderer.render(
                    RequestPage.FormView(
                        model: .make(
                            property: property, locale: locale, csrf: csrf, values: values,
                            errors: [RequestPage.FieldError(field: "type", message: texts.formExpired)])))
            }
        }
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many privacy requests from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        if let trap = values["website"], !trap.isEmpty {
            // A bot filled the hidden field: answer as if it worked, keep nothing.
            return Response(status: .seeOther, headers: [.location: "/p/\(property.id.rawValue)/requests/new"])
        }
        let correctionField = values["correctionField"].flatMap { $0.isEmpty ? nil : $0 }
        let correctionValue = values["correctionValue"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            let submission = try RequestSubmission.check(
                type: values["type"] ?? "", scope: nil, email: values["email"] ?? "", jurisdiction: values["jurisdiction"] ?? "",
                details: values["details"].flatMap { $0.isEmpty ? nil : $0 },
                correction: values["type"] == RequestType.correction.rawValue ? (correctionField ?? "", correctionValue ?? "") : nil,
                agent: nil)
            let stored = try await desk.submit(submission, in: property, channel: .web, receivedAt: nil, actor: "requester")
            let query = locale.map { "?locale=\($0)" } ?? ""
            return Response(status: .seeOther, headers: [.location: "/p/\(property.id.rawValue)/requests/\(stored.id)\(query)"])
        } catch let error as RequestError {
            return page(request, status: .unprocessableContent) { csrf in
                renderer.render(
                    RequestPage.FormView(
                        model: .make(
                            property: property, locale: locale, csrf: csrf, values: values,
                            errors: [RequestPage.FieldError(field: error.field ?? "type", message: error.message)])))
            }
        }
    }

    @Sendable func status(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let (property, stored) = try await find(context)
        return page(request) { csrf in
            renderer.render(
                RequestPage.StatusView(model: .make(stored, property: property, locale: Self.locale(request), csrf: csrf, now: desk.now())))
        }
    }

    @Sendable func verify(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await act(request, context) { property, id, values, texts in
            do {
                let code = values["code"].flatMap { $0.isEmpty ? nil : $0 }
                let pointValue = values["dataPointValue"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                let point =
                    pointValue.isEmpty
                    ? nil : try VerificationDataPoint.check(kind: values["dataPointKind"] ?? "", value: pointValue)
                let verified = try await desk.verify(id, code: code ?? (point == nil ? "" : nil), dataPoint: point, in: property.id)
                return (verified, verified.status == .verified ? texts.verified : nil, nil)
            } catch let error as RequestError where error.code != .requestNotFound {
                return (nil, nil, error.message)
            }
        }
    }

    @Sendable func resend(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await act(request, context) { property, id, _, texts in
            do {
                return (try await desk.resend(id, in: property.id), texts.codeSentNotice, nil)
            } catch let error as RequestError where error.code != .requestNotFound {
                return (nil, nil, error.message)
            }
        }
    }

    /// A post on the status page: the CSRF token checked, the rate limit applied, `body` run, the page shown again
    /// with its notice or error.
    private func act(
        _ request: Request, _ context: AccordRequestContext,
        _ body: (Property, String, [String: String], RequestPageTexts) async throws -> (PrivacyRequest?, String?, String?)
    ) async throws -> Response {
        let (property, stored) = try await find(context)
        let locale = Self.locale(request)
        let texts = RequestPageTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
        let values = try await FormBody.fields(of: request, context: context).compactMapValues(\.first)
        guard isValid(values["csrf"], request) else {
            return page(request, status: .forbidden) { csrf in
                renderer.render(
                    RequestPage.StatusView(
                        model: .make(stored, property: property, locale: locale, csrf: csrf, now: desk.now(), error: texts.formExpired)))
            }
        }
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many privacy requests from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let (changed, notice, error) = try await body(property, stored.id, values, texts)
        let current = try await desk.store.request(stored.id, in: property.id) ?? changed ?? stored
        return page(request, status: error == nil ? .ok : .unprocessableContent) { csrf in
            renderer.render(
                RequestPage.StatusView(
                    model: .make(current, property: property, locale: locale, csrf: csrf, now: desk.now(), notice: notice, error: error)))
        }
    }

    private func find(_ context: AccordRequestContext) async throws -> (Property, PrivacyRequest) {
        let property = try await catalog.property(try context.parameters.require("property"))
        let id = try PublicRequestsController.requestID(context)
        guard let stored = try await desk.store.request(id, in: property.id) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        return (property, stored)
    }

    /// A page with a CSRF token bound to this browser, giving the browser its binding cookie when it has none.
    private func page(_ request: Request, status: HTTPResponse.Status = .ok, _ render: (String) -> HTMLPage) -> Response {
        let binding = BrowserBinding.issue(request, secure: secureCookies)
        var response = HTML.response(render(signer.make(console: "request-form:" + binding.value, at: desk.now())), status: status)
        response.headers.append(HTTPField(name: .setCookie, value: binding.setCookie))
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }

    private func isValid(_ token: String?, _ request: Request) -> Bool {
        guard let token, let binding = BrowserBinding.read(request) else { return false }
        return signer.isValid(token, console: "request-form:" + binding, at: desk.now())
    }

    /// `?locale=` when it is a plausible BCP 47 tag.
    static func locale(_ request: Request) -> String? {
        guard let text = request.uri.queryParameters["locale"].map(String.init), (2...35).contains(text.utf8.count),
            text.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x2D || (0x30...0x39).contains($0) })
        else { return nil }
        return text
    }
}
