import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The hosted preference center, `/p/{property}/preferences`: a page that works with the SDK and, without
/// JavaScript, as a plain form (POST with a CSRF token) that records the choice and writes the SDK's cookie.
struct PreferencesController {
    let recorder: ConsentRecorder
    let catalog: PropertyCatalog
    let policies: PolicyCache
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    let secureCookies: Bool
    let links: PreferenceLinkSealer
    let store: any ConsentLog
    let own: OwnOrigin
    let formTokens: FormTokenSigner
    let confirmations: ChoicesConfirmation
    var pages = PageRenderer.shared

    /// How many past events a known subject's page lists.
    static let historyLength = 20

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/p/:property/preferences", use: page)
        router.post("/p/:property/preferences", use: save)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let experience = try await experience(property, request)
        if let link = request.uri.queryParameters["link"].map(String.init) {
            return try await knownSubjectPage(link, property: property, experience: experience, request: request)
        }
        let cookie = ConsentCookie.read(request).flatMap { KeylessPolicy.isVisitorID($0.visitor) ? $0 : nil }
        let visitor = cookie?.visitor ?? "av_" + (0..<16).map { _ in UInt8.random(in: 0...255) }.hexString
        let binding = BrowserBinding.issue(request, secure: secureCookies)
        let form = PreferencesPage.Form(
            holder: .visitor(visitor), token: formToken(.visitor, visitor, property, browser: binding.value),
            granted: Set(
                experience.purposes.filter { purpose in
                    purpose.required || cookie.flatMap { $0.choices[purpose.key] }.map { $0 == 1 } ?? (purpose.default == .granted)
                }.map(\.key)),
            saved: request.uri.queryParameters["saved"] == "1")
        var response = HTML.response(pages.render(PreferencesPage.View(model: .make(property: property, experience: experience, form: form))))
        response.headers.append(HTTPField(name: .setCookie, value: binding.setCookie))
        return response
    }

    @Sendable func save(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        // Only this page's own form may post: browsers say where a post comes from (`OwnOrigin.isFromOwnPage`).
        guard own.isFromOwnPage(request) else {
            return problem(.formFromElsewhere, property, request)
        }
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many submissions from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let form = try await FormBody.fields(of: request, context: context)
        if let link = form["link"]?.first {
            return try await saveForKnownSubject(link, form: form, property: property, request: request, context: context)
        }
        let visitor = form["visitor"]?.first ?? ""
        let existing = ConsentCookie.read(request)
        // The token must have been issued to this browser (its `accord_csrf` cookie) for this visitor: so a form
        // auto-submitted by another site can neither record for someone else nor plant its visitor id here.
        guard KeylessPolicy.isVisitorID(visitor), let binding = BrowserBinding.read(request),
            isValid(form["csrf"]?.first, .visitor, visitor, property, browser: binding),
            existing.map({ $0.visitor == visitor }) ?? true
        else {
            return problem(.formExpired, property, request)
        }
        let experience = try await experience(property, request)
        let choices = Self.choices(from: form, experience)
        let recorded = try await recorder.record(
            ConsentRequest(
                subject: visitor, choices: choices.mapValues { $0 ? "granted" : "denied" }, source: "preferenceCenter",
                policyVersion: experience.policyVersion, locale: experience.locale),
            in: property,
            client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
            authentication: .keyless(origin: own.publicOrigin), followUps: confirmations.followUps(in: property))
        let cookie = ConsentCookie(
            policyVersion: experience.policyVersion, choices: choices.mapValues { $0 ? 1 : 0 },
            time: (Date().timeIntervalSince1970 * 1000).rounded(), visitor: visitor,
            event: recorded.stored.event.id.rawValue, gpc: existing?.gpc)
        let location = "/p/\(property.id.rawValue)/preferences?saved=1" + Self.localeSuffix(request)
        return Response(
            status: .seeOther,
            headers: [
                .location: location, .cacheControl: "no-store",
                .setCookie: try cookie.header(
                    lifetimeDays: experience.cookie.lifetimeDays, domain: experience.cookie.domain, secure: secureCookies),
            ])
    }

    /// The page for the subject a preference link names: their stored choices and recent history.
    private func knownSubjectPage(
        _ link: String, property: Property, experience: Experience, request: Request
    ) async throws -> Response {
        let subject: String
        do {
            subject = try links.open(link, property: property.id, now: Date()).subject
        } catch {
            return linkProblem(error, property, request)
        }
        let key = recorder.subjectKey(for: subject, in: property.id)
        let state = try await store.states(of: [key], in: property.id)[key]
        let events = try await store.events(of: key, in: property.id, before: nil, limit: Self.historyLength)
        let now = Date()
        let binding = BrowserBinding.issue(request, secure: secureCookies)
        var form = PreferencesPage.Form(
            holder: .link(link), token: formToken(.link, subject, property, browser: binding.value),
            granted: Set(
                experience.purposes.filter { purpose in
                    switch state?.status(of: PurposeKey(rawValue: purpose.key), at: now) ?? .unset {
                    case .granted: true
                    case .denied, .expired: purpose.required
                    case .unset: purpose.required || purpose.default == .granted
                    }
                }.map(\.key)),
            saved: request.uri.queryParameters["saved"] == "1", history: events.map(\.event),
            preferences: try await offeredPreferences(property))
        let grantedPreferences = form.preferences.filter { state?.status(of: $0.key, at: now) == .granted }.map(\.key.rawValue)
        form.granted.formUnion(grantedPreferences)
        var response = HTML.response(pages.render(PreferencesPage.View(model: .make(property: property, experience: experience, form: form))))
        response.headers.append(HTTPField(name: .setCookie, value: binding.setCookie))
        Self.protectLink(&response)
        return response
    }

    private func saveForKnownSubject(
        _ link: String, form: [String: [String]], property: Property, request: Request, context: AccordRequestContext
    ) async throws -> Response {
        let subject: String
        do {
            subject = try links.open(link, property: property.id, now: Date()).subject
        } catch {
            return linkProblem(error, property, request)
        }
        guard let binding = BrowserBinding.read(request),
            isValid(form["csrf"]?.first, .link, subject, property, browser: binding)
        else {
            var response = problem(.linkFormExpired, property, request)
            Self.protectLink(&response)
            return response
        }
        let experience = try await experience(property, request)
        let choices = PreferenceForm.choices(
            from: form, purposes: Self.choices(from: form, experience), preferences: try await offeredPreferences(property))
        _ = try await recorder.record(
            ConsentRequest(
                subject: subject, choices: choices.mapValues { $0 ? "granted" : "denied" }, source: "preferenceCenter",
                policyVersion: experience.policyVersion, locale: experience.locale),
            in: property,
            client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
            authentication: .preferenceLink, followUps: confirmations.followUps(in: property))
        let location = "/p/\(property.id.rawValue)/preferences?link=\(link)&saved=1" + Self.localeSuffix(request)
        // No cookie: the choice belongs to the subject, not to whichever browser opened the link.
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
        Self.protectLink(&response)
        return response
    }

    /// Every non-required purpose: granted when its box was ticked, denied otherwise (all denied for withdraw-all).
    private static func choices(from form: [String: [String]], _ experience: Experience) -> [String: Bool] {
        let checked = Set(form["action"]?.first == "withdraw-all" ? [] : form["purpose"] ?? [])
        return Dictionary(
            uniqueKeysWithValues: experience.purposes.filter { !$0.required }.map { ($0.key, checked.contains($0.key)) })
    }

    /// `&locale=...` to keep the page's language across the redirect, when it names a valid one.
    private static func localeSuffix(_ request: Request) -> String {
        guard let locale = request.uri.queryParameters["locale"], RequestValidation.isLocale(String(locale)) else { return "" }
        return "&locale=\(locale)"
    }

    /// The link is a credential: it must not leak to other sites through the Referer header, nor be indexed.
    private static func protectLink(_ response: inout Response) {
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xRobotsTag] = "noindex"
    }

    private func linkProblem(_ error: PreferenceLinkSealer.LinkError, _ property: Property, _ request: Request) -> Response {
        var response: Response
        switch error {
        case .invalid: response = problem(.linkInvalid, property, request)
        case .expired: response = problem(.linkExpired, property, request, status: .gone)
        }
        Self.protectLink(&response)
        return response
    }

    /// The communication preferences (`channel.topic`, no frequency keys) the published policy offers.
    private func offeredPreferences(_ property: Property) async throws -> [Purpose] {
        try await policies.current(of: property).activePurposes.filter { $0.key.preference?.frequency == nil && $0.isPreference }
    }

    private func experience(_ property: Property, _ request: Request) async throws -> Experience {
        let locale = request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
        let policy = try await policies.current(of: property)
        return ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: locale)
    }

    private func formToken(_ use: FormTokenSigner.Use, _ subject: String, _ property: Property, browser: String) -> String {
        formTokens.make(
            use, property: property.id, subject: recorder.subjectKey(for: subject, in: property.id), browser: browser,
            at: Date())
    }

    private func isValid(
        _ token: String?, _ use: FormTokenSigner.Use, _ subject: String, _ property: Property, browser: String
    ) -> Bool {
        guard let token else { return false }
        return formTokens.isValid(
            token, use, property: property.id, subject: recorder.subjectKey(for: subject, in: property.id),
            browser: browser, at: Date())
    }

    /// A refused link or form post, as a page the person can read in the page's language, not an API error.
    private func problem(
        _ problem: ProblemPage.Problem, _ property: Property, _ request: Request, status: HTTPResponse.Status = .forbidden
    ) -> Response {
        let model = ProblemPage.Model.make(problem, property: property, locale: request.uri.queryParameters["locale"].map(String.init))
        return HTML.response(pages.render(ProblemPage.View(model: model)), status: status)
    }
}
