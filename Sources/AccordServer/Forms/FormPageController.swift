import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// The hosted form, `/p/{property}/forms/{form}`: works without JavaScript. The POST is accepted only from this
/// page (`OwnOrigin`) with the form token issued to this browser for this visitor; it records through the same
/// path as the API (`FormSubmission`) and answers the receipt, or the form again with each problem beside its field.
struct FormPageController {
    let recorder: ConsentRecorder
    let catalog: PropertyCatalog
    let forms: any FormStore & FormEvidenceStore
    let directory: SubjectDirectory
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    let own: OwnOrigin
    let formTokens: FormTokenSigner
    let secureCookies: Bool
    /// Where copies of submissions are queued; nil while e-mail is off.
    var mail: (any MailQueue)? = nil
    /// The guardian flow; nil while e-mail is off.
    var guardians: FormGuardianDesk? = nil
    var guardianLinks: GuardianLinkSealer? = nil
    var pages = PageRenderer.shared

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/p/:property/forms/:form", use: page)
        router.post("/p/:property/forms/:form", use: submit)
        router.get("/p/:property/forms/:form/guardian", use: guardianPage)
        router.post("/p/:property/forms/:form/guardian", use: guardianConfirm)
        router.get("/p/:property/forms/:form/revoke", use: revocationPage)
        router.post("/p/:property/forms/:form/revoke", use: revoke)
    }

    @Sendable func page(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await page(request, context: context, revoking: false)
    }

    @Sendable func revocationPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        try await page(request, context: context, revoking: true)
    }

    /// The hosted written revocation (of a HIPAA authorisation, by the visitor who signed it): the typed name and
    /// the attestation are the writing; recorded as its own event, a copy e-mailed when an address is given.
    /// A visitor's post to a form page, admitted: from the property's own page, within the address's rate, with
    /// the form token issued to this visitor in this browser.
    struct VisitorPost {
        var property: Property
        var fields: [String: [String]]
        var visitor: String
        var csrf: String
    }

    enum Admission {
        case admitted(VisitorPost)
        /// The page saying why not (from elsewhere, or an expired form).
        case refused(Response)
    }

    /// What submitting and revoking both check first; too many posts from the address throws 429.
    private func admit(_ request: Request, context: AccordRequestContext) async throws -> Admission {
        let property = try await catalog.property(try context.parameters.require("property"))
        guard own.isFromOwnPage(request) else { return .refused(problem(.formFromElsewhere, property, request)) }
        if let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many submissions from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let fields = try await FormBody.fields(of: request, context: context)
        let visitor = fields["visitor"]?.first ?? ""
        guard KeylessPolicy.isVisitorID(visitor), let binding = BrowserBinding.read(request),
            let csrf = fields["csrf"]?.first,
            formTokens.isValid(
                csrf, .visitor, property: property.id, subject: recorder.subjectKey(for: visitor, in: property.id),
                browser: binding, at: Date())
        else { return .refused(problem(.formExpired, property, request)) }
        return .admitted(VisitorPost(property: property, fields: fields, visitor: visitor, csrf: csrf))
    }

    @Sendable func revoke(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let post: VisitorPost
        switch try await admit(request, context: context) {
        case .refused(let response): return response
        case .admitted(let admitted): post = admitted
        }
        let (property, fields, visitor, csrf) = (post.property, post.fields, post.visitor, post.csrf)
        let version = try await published(context, property)
        let name = (fields["item.revocation.name"]?.first ?? "").trimmingCharacters(in: .whitespaces)
        let attested = fields["item.revocation.attested"]?.first == "on"
        let email = fields["email"]?.first.flatMap { $0.isEmpty ? nil : $0 }
        var state = FormPage.State(
            version: version, property: property, locale: locale(request, property), region: region(request, property),
            visitor: visitor, token: csrf, answers: ["revocation": .signature(name: name, attested: attested)], email: email,
            revoking: true)
        var problems: [FormProblem] = []
        if name.isEmpty { problems.append(FormProblem(field: "answers.revocation.name", message: "Type your full name.")) }
        if !attested {
            problems.append(FormProblem(field: "answers.revocation.attested", message: "Tick the box to revoke in writing."))
        }
        do {
            guard problems.isEmpty else { throw APIError.problems("submission_invalid", "the revocation cannot be accepted", problems) }
            let (_, consent) = try await FormRevocationRecorder(recorder: recorder, forms: forms, directory: directory, mail: mail).revoke(
                .init(
                    subject: visitor, form: version.form,
                    revocation: FormRevocation(channel: .hostedPage, receivedAt: Date(), statement: "Signed: \(name)", enteredBy: nil),
                    email: email, locale: state.locale),
                in: property,
                client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
                authentication: .keyless(origin: own.publicOrigin))
            state.recorded = consent
            return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .created)
        } catch let error as APIError where error.status == .unprocessableContent {
            state.problems = error.problems ?? [FormProblem(field: error.field ?? "form", message: error.message)]
            return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .unprocessableContent)
        }
    }

    /// Where the guardian's e-mailed link leads: the submission and a confirmation (their typed name and an
    /// attestation); opening it changes nothing.
    @Sendable func guardianPage(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        let pending: PendingGuardianSubmission
        switch openGuardian(token, property, request) {
        case .success(let opened): pending = opened
        case .failure(let refusal): return refusal.response
        }
        guard let version = try await forms.formVersion(pending.version, of: pending.form, in: property.id) else {
            throw APIError(.notFound, code: "form_not_found", message: "no published form '\(pending.form)'")
        }
        let state = FormPage.State(
            version: version, property: property, locale: pending.locale ?? property.defaultLocale, region: pending.region,
            visitor: "", token: "", answers: pending.answers, guardianToken: token, guardianName: pending.guardianName)
        return HTML.response(pages.render(FormPage.View(model: .make(state))))
    }

    /// The guardian confirms: the submission is recorded with their confirmation as evidence; the link's nonce is
    /// the idempotency key, so a second use records nothing new.
    @Sendable func guardianConfirm(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        guard own.isFromOwnPage(request) else { return problem(.formFromElsewhere, property, request) }
        let token = request.uri.queryParameters["token"].map(String.init) ?? ""
        let pending: PendingGuardianSubmission
        switch openGuardian(token, property, request) {
        case .success(let opened): pending = opened
        case .failure(let refusal): return refusal.response
        }
        let fields = try await FormBody.fields(of: request, context: context)
        let name = (fields["item.guardian.name"]?.first ?? "").trimmingCharacters(in: .whitespaces)
        let attested = fields["item.guardian.attested"]?.first == "on"
        // The link names the young person and their address by reference; both are in the vault. A subject
        // erased (shredded) meanwhile leaves a link that records nothing.
        let copyHolder = recorder.subjectKey(for: pending.copyHolder, in: property.id)
        guard let subjectKey = SubjectKey(hex: pending.subjectKey),
            let subject = try await directory.clearSubject(subjectKey, in: property.id)
        else { return problem(.linkInvalid, property, request) }
        let email = pending.copy ? try await directory.clearSubject(copyHolder, in: property.id) : nil
        let body = FormSubmissionRequest(
            subject: subject, version: pending.version, answers: pending.answers, region: pending.region,
            locale: pending.locale, guardian: nil, email: email, idempotencyKey: "guardian-" + pending.nonce)
        guard let version = try await forms.formVersion(pending.version, of: pending.form, in: property.id) else {
            throw APIError(.notFound, code: "form_not_found", message: "no published form '\(pending.form)'")
        }
        var state = FormPage.State(
            version: version, property: property, locale: pending.locale ?? property.defaultLocale, region: pending.region,
            visitor: "", token: "", answers: pending.answers, guardianToken: token, guardianName: pending.guardianName)
        guard !name.isEmpty, attested else {
            let words = FormTexts.resolve(requested: pending.locale, defaultLocale: property.defaultLocale)
            state.problems = [FormProblem(field: "answers.guardian.attested", message: words.guardianProblem)]
            return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .unprocessableContent)
        }
        let prepared = FormSubmission.Prepared(
            version: version,
            evaluation: FormRules.evaluate(
                version.draft, answers: pending.answers, guardian: nil, region: pending.region,
                regime: property.rule(for: pending.region).regime, at: Date()))
        let recorded = try await FormSubmission.record(
            prepared, body: body, property: property,
            client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
            authentication: pending.authentication, recorder: recorder, forms: forms, directory: directory, mail: mail,
            guardian: FormGuardianConfirmation(name: name, confirmedAt: Date()))
        state.recorded = recorded.consent
        // The address is sealed into the consent's evidence now: the link's own copy of it is destroyed.
        if email != nil { try await directory.shred(copyHolder, in: property.id) }
        return HTML.response(pages.render(FormPage.View(model: .make(state))), status: recorded.consent.replayed ? .ok : .created)
    }

    private struct Refusal: Error {
        var response: Response
    }

    private func openGuardian(_ token: String, _ property: Property, _ request: Request) -> Result<PendingGuardianSubmission, Refusal> {
        let expired: Bool
        do {
            guard let guardianLinks else { throw PreferenceLinkSealer.LinkError.invalid }
            return .success(try guardianLinks.open(token, property: property.id, now: Date()))
        } catch PreferenceLinkSealer.LinkError.expired {
            expired = true
        } catch {
            expired = false
        }
        let model = ProblemPage.Model.make(
            expired ? .linkExpired : .linkInvalid, property: property, locale: request.uri.queryParameters["locale"].map(String.init))
        return .failure(Refusal(response: HTML.response(pages.render(ProblemPage.View(model: model)), status: expired ? .gone : .forbidden)))
    }

    private func page(_ request: Request, context: AccordRequestContext, revoking: Bool) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let version = try await published(context, property)
        let cookie = ConsentCookie.read(request).flatMap { KeylessPolicy.isVisitorID($0.visitor) ? $0 : nil }
        let visitor = cookie?.visitor ?? "av_" + (0..<16).map { _ in UInt8.random(in: 0...255) }.hexString
        let binding = BrowserBinding.issue(request, secure: secureCookies)
        let state = FormPage.State(
            version: version, property: property, locale: locale(request, property), region: region(request, property),
            visitor: visitor, token: token(visitor, property, browser: binding.value), revoking: revoking)
        var response = HTML.response(pages.render(FormPage.View(model: .make(state))))
        response.headers.append(HTTPField(name: .setCookie, value: binding.setCookie))
        return response
    }

    @Sendable func submit(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let post: VisitorPost
        switch try await admit(request, context: context) {
        case .refused(let response): return response
        case .admitted(let admitted): post = admitted
        }
        let (property, fields, visitor, csrf) = (post.property, post.fields, post.visitor, post.csrf)
        let key = try context.parameters.require("form")
        let requested = fields["version"]?.first.flatMap(Int.init)
        var found: FormVersion?
        if let requested { found = try await forms.formVersion(requested, of: key, in: property.id) }
        let version: FormVersion
        if let found { version = found } else { version = try await published(context, property) }
        let body = FormSubmissionRequest(
            subject: visitor, version: version.version, answers: Self.answers(fields, version.draft),
            region: region(request, property), locale: locale(request, property),
            guardian: Self.guardian(fields), email: fields["email"]?.first.flatMap { $0.isEmpty ? nil : $0 })
        var state = FormPage.State(
            version: version, property: property, locale: locale(request, property), region: body.region,
            visitor: visitor, token: csrf, answers: body.answers ?? [:], guardian: body.guardian, email: body.email)
        do {
            let prepared = try await FormSubmission.prepare(body, form: key, property: property, forms: forms, at: Date())
            if prepared.evaluation.needsGuardian {
                guard let guardians else { throw FormSubmission.guardianUnavailable }
                try await guardians.awaitGuardian(
                    prepared, body: body, property: property, authentication: .keyless(origin: own.publicOrigin), at: Date())
                state.pendingGuardian = true
                return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .accepted)
            }
            let recorded = try await FormSubmission.record(
                prepared, body: body, property: property,
                client: ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent]),
                authentication: .keyless(origin: own.publicOrigin), recorder: recorder, forms: forms, directory: directory, mail: mail)
            state.recorded = recorded.consent
            return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .created)
        } catch let error as APIError where error.status == .unprocessableContent {
            state.problems = error.problems ?? [FormProblem(field: error.field ?? "form", message: error.message)]
            return HTML.response(pages.render(FormPage.View(model: .make(state))), status: .unprocessableContent)
        }
    }

    /// The answers a plain HTML form sends: a ticked box as `item.<key>=on` (an unticked one sends nothing, which
    /// for a purpose or preference means "no"), fields as text, a signature as `.name` and `.attested`.
    static func answers(_ fields: [String: [String]], _ draft: FormDraft) -> [String: FormAnswer] {
        var answers: [String: FormAnswer] = [:]
        for item in draft.items ?? [] {
            guard let key = item.key else { continue }
            switch item.type {
            case .purpose, .preference: answers[key] = .choice(fields["item.\(key)"]?.first == "on")
            case .field:
                if let text = fields["item.\(key)"]?.first { answers[key] = .text(text) }
            case .signature:
                let name = fields["item.\(key).name"]?.first ?? ""
                let attested = fields["item.\(key).attested"]?.first == "on"
                if !name.isEmpty || attested { answers[key] = .signature(name: name, attested: attested) }
            case nil: break
            }
        }
        return answers
    }

    static func guardian(_ fields: [String: [String]]) -> FormGuardian? {
        let name = fields["guardian.name"]?.first ?? ""
        let email = fields["guardian.email"]?.first ?? ""
        return name.isEmpty && email.isEmpty ? nil : FormGuardian(name: name, email: email)
    }

    private func published(_ context: AccordRequestContext, _ property: Property) async throws -> FormVersion {
        let key = try context.parameters.require("form")
        guard FormKey.isWellFormed(key), let version = try await forms.latestFormVersion(of: key, in: property.id) else {
            throw APIError(.notFound, code: "form_not_found", message: "no published form '\(key)' in this property")
        }
        return version
    }

    private func locale(_ request: Request, _ property: Property) -> String {
        request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
            ?? property.defaultLocale
    }

    private func region(_ request: Request, _ property: Property) -> String? {
        guard let name = property.regionHeader, let field = HTTPField.Name(name), let value = request.headers[field],
            RequestValidation.isRegion(value)
        else { return nil }
        return value
    }

    private func token(_ visitor: String, _ property: Property, browser: String) -> String {
        formTokens.make(.visitor, property: property.id, subject: recorder.subjectKey(for: visitor, in: property.id), browser: browser, at: Date())
    }

    private func problem(_ problem: ProblemPage.Problem, _ property: Property, _ request: Request) -> Response {
        let model = ProblemPage.Model.make(problem, property: property, locale: request.uri.queryParameters["locale"].map(String.init))
        return HTML.response(pages.render(ProblemPage.View(model: model)), status: .forbidden)
    }
}
