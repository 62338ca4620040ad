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

    func register(on router: Router<AccordRequestContext>) {
        router.get("/p/:property/preferences", use: page)
        router.post("/p/:property/preferences", use: save)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let experience = try await experience(property, request)
        let cookie = ConsentCookie.read(request).flatMap { VisitorController.isVisitorID($0.visitor) ? $0 : nil }
        let visitor = cookie?.visitor ?? "av_" + (0..<16).map { _ in UInt8.random(in: 0...255) }.hexString
        let form = PreferencesPage.Form(
            visitor: visitor, token: csrfToken(visitor, property),
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
        let visitor = form["visitor"]?.first ?? ""
        let existing = ConsentCookie.read(request)
        guard VisitorController.isVisitorID(visitor), form["csrf"]?.first == csrfToken(visitor, property),
            existing.map({ $0.visitor == visitor }) ?? true
        else {
            throw APIError(.forbidden, code: "csrf_invalid", message: "the form has expired; reload the page and try again")
        }
        let experience = try await experience(property, request)
        let checked = Set(form["action"]?.first == "withdraw-all" ? [] : form["purpose"] ?? [])
        let choices = Dictionary(
            uniqueKeysWithValues: experience.purposes.filter { !$0.required }.map { ($0.key, checked.contains($0.key)) })
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
        var location = "/p/\(property.id.rawValue)/preferences?saved=1"
        if let locale = request.uri.queryParameters["locale"], RequestValidation.isLocale(String(locale)) { location += "&locale=\(locale)" }
        return Response(
            status: .seeOther,
            headers: [
                .location: location, .cacheControl: "no-store",
                .setCookie: try cookie.header(
                    lifetimeDays: experience.cookie.lifetimeDays, domain: experience.cookie.domain, secure: secureCookies),
            ])
    }

    private func experience(_ property: Property, _ request: Request) async throws -> Experience {
        let locale = request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
        let policy = try await policies.current(of: property)
        return ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: locale)
    }

    /// Bound to the visitor and the property through the server's pseudonymisation key, so no other site can
    /// make one: a hash of the visitor's keyed pseudonym.
    private func csrfToken(_ visitor: String, _ property: Property) -> String {
        ContentDigest.sha256Hex(Array("accord-csrf:\(recorder.subjectKey(for: visitor, in: property.id).hex)".utf8))
    }
}
