import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/p/{property}/contact/confirm`: where a contact-confirmation e-mail's link leads. GET shows the question
/// with a button (opening a link changes nothing), POST confirms the address the link was sent to, while it is
/// still the subject's. A forged, altered or expired token gets the problem page, as preference links do.
struct ContactConfirmController {
    let catalog: PropertyCatalog
    let confirmations: ContactConfirmationSealer
    let directory: SubjectDirectory
    var pages = PageRenderer.shared

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/p/:property/contact/confirm", use: ask)
        router.post("/p/:property/contact/confirm", use: confirm)
    }

    @Sendable func ask(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let locale = Self.locale(request)
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        if let refusal = refusal(token, property, locale) { return refusal }
        return HTML.response(pages.render(ContactPage.View(model: .make(property: property, locale: locale, token: token))))
    }

    @Sendable func confirm(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let locale = Self.locale(request)
        let token = try await FormBody.fields(of: request, context: context)["token"]?.first ?? ""
        if let refusal = refusal(token, property, locale) { return refusal }
        let opened = try confirmations.open(token, property: property.id, now: Date())
        let confirmed = try await directory.confirmEmail(
            of: opened.subject, in: property.id, emailDigest: opened.emailDigest, at: Date())
        return HTML.response(
            pages.render(ContactPage.View(model: .make(property: property, locale: locale, token: nil, confirmed: confirmed))),
            status: confirmed ? .ok : .gone)
    }

    /// The problem page for a token that does not open, or nil when it does.
    private func refusal(_ token: String, _ property: Property, _ locale: String?) -> Response? {
        let expired: Bool
        do {
            _ = try confirmations.open(token, property: property.id, now: Date())
            return nil
        } catch PreferenceLinkSealer.LinkError.expired {
            expired = true
        } catch {
            expired = false
        }
        let model = ProblemPage.Model.make(expired ? .linkExpired : .linkInvalid, property: property, locale: locale)
        return HTML.response(pages.render(ProblemPage.View(model: model)), status: expired ? .gone : .forbidden)
    }

    /// The `locale` query parameter when it is a BCP 47 tag.
    private static func locale(_ request: Request) -> String? {
        request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
    }
}
