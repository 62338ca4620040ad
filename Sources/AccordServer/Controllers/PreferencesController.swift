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
    let store: any ConsentStore

    /// How many past events a known subject's page lists.
    static let historyLength = 20

    func register(on router: Router<AccordRequestContext>) {
        router.get("/p/:property/preferences", use: page)
        router.post("/p/:property/preferences", use: save)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let experience = try await experience(property, request)
        if let link = request.uri.queryParameters["link"].map(String.init) {
            return try await knownSubjectPage(link, property: property, experience: experience, request: request)
        }
        let cookie = ConsentCookie.read(request).flatMap { VisitorController.isVisitorID($0.visitor) ? $0 : nil }
        let visitor = cookie?.visitor ?? "av_" + (0..<16).map { _ in UInt8.random(in: 0...255) }.hexString
        let form = PreferencesPage.Form(
            holder: .visitor(visitor), token: csrfToken(visitor, property),
            granted: Set(
                experience.purposes.filter { purpose in
                    purpose.required || cookie.flatMap { $0.choices[purpose.key] }.map { $0 == 1 } ?? (purpose.default == .granted)
                }.map(\.key)),
            saved: request.uri.queryParameters["saved"] == "1")
        return HTML.response(PreferencesPage.html(property: property, experience: experience, form: form))
    }

    @Sendable func save(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        // Browsers mark cross-site form posts; only this page's own form may post.
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw APIError(.forbidden, code: "cross_site", message: "the preference form must be posted from its own page")
        }
        if let wait = limiter.acquire(addresses.address(of: request, context: context) ?? "unknown") {
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
        guard VisitorController.isVisitorID(visitor), form["csrf"]?.first == csrfToken(visitor, property),
            existing.map({ $0.visitor == visitor }) ?? true
        else {
            throw APIError(.forbidden, code: "csrf_invalid", message: "the form has expired; reload the page and try again")
        }
        let experience = try await experience(property, request)
        let choices = Self.choices(from: form, experience)
        let recorded = try await recorder.record(
            ConsentRequest(
                subject: visitor, choices: choices.mapValues { $0 ? "granted" : "denied" }, source: "preferenceCenter",
                policyVersion: experience.policyVersion, locale: experience.locale),
            in: property,
            client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]))
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
            return Self.linkProblem(error)
        }
        let key = recorder.subjectKey(for: subject, in: property.id)
        let state = try await store.states(of: [key], in: property.id)[key]
        let events = try await store.events(of: key, in: property.id, before: nil, limit: Self.historyLength)
        let now = Date()
        let names = Dictionary(experience.purposes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
        let form = PreferencesPage.Form(
            holder: .link(link), token: csrfToken(subject, property, link: true),
            granted: Set(
                experience.purposes.filter { purpose in
                    switch state?.status(of: PurposeKey(rawValue: purpose.key), at: now) ?? .unset {
                    case .granted: true
                    case .denied, .expired: purpose.required
                    case .unset: purpose.required || purpose.default == .granted
                    }
                }.map(\.key)),
            saved: request.uri.queryParameters["saved"] == "1",
            history: events.map { stored in
                let event = stored.event
                let choices = event.choices.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                    "\(names[$0.key.rawValue] ?? $0.key.rawValue) \($0.value == .granted ? "✓" : "✗")"
                }
                return "\(event.recordedAt.rfc3339): \(choices.joined(separator: ", ")) (v\(event.policyVersion), \(event.source.rawValue))"
            })
        var response = HTML.response(PreferencesPage.html(property: property, experience: experience, form: form))
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
            return Self.linkProblem(error)
        }
        guard form["csrf"]?.first == csrfToken(subject, property, link: true) else {
            throw APIError(.forbidden, code: "csrf_invalid", message: "the form has expired; reload the page and try again")
        }
        let experience = try await experience(property, request)
        let choices = Self.choices(from: form, experience)
        _ = try await recorder.record(
            ConsentRequest(
                subject: subject, choices: choices.mapValues { $0 ? "granted" : "denied" }, source: "preferenceCenter",
                policyVersion: experience.policyVersion, locale: experience.locale),
            in: property,
            client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]))
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

    private static func linkProblem(_ error: PreferenceLinkSealer.LinkError) -> Response {
        var response: Response
        switch error {
        case .invalid:
            response = HTML.response(
                PreferencesPage.linkProblem("This link is not valid. Use the link from your latest message."), status: .forbidden)
        case .expired:
            response = HTML.response(
                PreferencesPage.linkProblem("This link has expired. Ask for a new one to change your choices."), status: .gone)
        }
        protectLink(&response)
        return response
    }

    private func experience(_ property: Property, _ request: Request) async throws -> Experience {
        let locale = request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
        let policy = try await policies.current(of: property)
        return ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: locale)
    }

    /// Bound to the visitor and the property through the server's pseudonymisation key, so no other site can
    /// make one: a hash of the visitor's keyed pseudonym.
    private func csrfToken(_ visitor: String, _ property: Property, link: Bool = false) -> String {
        let use = link ? "accord-csrf-link" : "accord-csrf"
        return ContentDigest.sha256Hex(Array("\(use):\(recorder.subjectKey(for: visitor, in: property.id).hex)".utf8))
    }
}
