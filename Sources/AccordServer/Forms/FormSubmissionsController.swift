import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// Submissions of published forms by apps and by the SDK's form module: the answers are checked against the
/// form's rules (`FormRules`), recorded as one consent event through the recorder (source `form`, naming the form
/// version), with the signature evidence sealed under the subject's data key; the answer carries the receipt.
struct FormSubmissionsController {
    let recorder: ConsentRecorder
    let forms: any FormStore & FormEvidenceStore
    let directory: SubjectDirectory
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    /// Where copies of submissions are queued; nil while e-mail is off.
    var mail: (any MailQueue)?
    /// The guardian flow for under-age submissions.
    var guardians: FormGuardianDesk?

    func register(writes: some RouterMethods<BrowserRequestContext>, reads: some RouterMethods<BrowserRequestContext>) {
        writes.post("/v1/properties/:property/forms/:form/submissions", use: submit)
        writes.preflight(
            "/v1/properties/:property/forms/:form/submissions", methods: "POST, OPTIONS", headers: "Content-Type, Idempotency-Key")
        reads.get("/v1/properties/:property/forms/:form", use: published)
    }

    /// The newest published version, for the SDK's form module to render.
    @Sendable func published(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let key = try context.parameters.require("form")
        guard FormKey.isWellFormed(key), let version = try await forms.latestFormVersion(of: key, in: property.id) else {
            throw APIError(.notFound, code: "form_not_found", message: "no published form '\(key)' in this property")
        }
        return try JSONBody.response(FormVersionBody(version), headers: [.cacheControl: "public, max-age=60"])
    }

    @Sendable func submit(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let writer = try context.writer
        if writer.isKeyless, let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many consent writes from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let key = try context.parameters.require("form")
        var body = try await JSONBody.decode(FormSubmissionRequest.self, from: request, context: context)
        if let header = request.headers[.idempotencyKey] { body.idempotencyKey = header }
        let authentication: ConsentAuthentication
        switch writer {
        case .server(let apiKey): authentication = .apiKey(prefix: apiKey.prefix)
        case .allowedOrigin(let origin): authentication = .keyless(origin: origin)
        case .ownPage:
            throw APIError(
                .forbidden, code: "form_token_invalid", message: "Accord's hosted form page posts to /p/{property}/forms/{form}")
        }
        let client = ClientContext(address: addresses.address(of: request, context: context), userAgent: request.headers[.userAgent])
        let submission = try await FormSubmission.prepare(body, form: key, property: property, forms: forms, at: Date())
        if submission.evaluation.needsGuardian {
            guard let guardians else { throw FormSubmission.guardianUnavailable }
            try await guardians.awaitGuardian(submission, body: body, property: property, authentication: authentication, at: Date())
            return try JSONBody.response(FormPendingBody(form: submission.version.reference), status: .accepted)
        }
        let recorded = try await FormSubmission.record(
            submission, body: body, property: property, client: client, authentication: authentication, recorder: recorder,
            forms: forms, directory: directory, mail: mail)
        var headers = HTTPFields()
        if recorded.consent.replayed { headers[.idempotentReplayed] = "true" }
        let event = recorded.consent.stored.event
        return try JSONBody.response(
            FormSubmissionBody(
                event: .init(id: event.id.rawValue, recordedAt: event.recordedAt.rfc3339, hash: recorded.consent.stored.link.hash),
                form: submission.version.reference,
                choices: Dictionary(uniqueKeysWithValues: event.choices.map { ($0.key.rawValue, $0.value) }),
                receipt: recorded.consent.receipt, evidence: recorded.evidence),
            status: .created, headers: headers)
    }
}

/// One submission, from its body to its event: shared by the API and the hosted form page.
enum FormSubmission {
    /// A submission checked against its form version.
    struct Prepared: Sendable {
        var version: FormVersion
        var evaluation: FormEvaluation
    }

    /// A submission once recorded.
    struct Recorded: Sendable {
        var consent: RecordedConsent
        /// Whether signature evidence was stored with it.
        var evidence: Bool
    }

    /// The form version and the rules applied to the answers; 404 for an unknown or unpublished form, 422 naming
    /// every problem of the answers.
    static func prepare(
        _ body: FormSubmissionRequest, form key: String, property: Property, forms: any FormStore, at now: Date
    ) async throws -> Prepared {
        let found: FormVersion?
        if !FormKey.isWellFormed(key) {
            found = nil
        } else if let number = body.version {
            found = try await forms.formVersion(number, of: key, in: property.id)
        } else {
            found = try await forms.latestFormVersion(of: key, in: property.id)
        }
        guard let version = found else {
            throw APIError(
                .notFound, code: "form_not_found",
                message: body.version.map { "form '\(key)' has no published version \($0)" } ?? "no published form '\(key)'")
        }
        if let email = body.email, EmailAddress.normalized(email) == nil {
            throw APIError.invalid(
                "email_invalid", "must be an e-mail address such as name@example.com (ASCII, at most 254 characters)", field: "email")
        }
        if let region = body.region, !RequestValidation.isRegion(region) {
            throw APIError.invalid("region_invalid", "region must be an ISO 3166-1 or -2 code", field: "region")
        }
        let evaluation = FormRules.evaluate(
            version.draft, answers: body.answers ?? [:], guardian: body.guardian, region: body.region,
            regime: property.rule(for: body.region).regime, at: now)
        let problems = evaluation.problems
        guard problems.isEmpty else { throw APIError.problems("submission_invalid", "the submission cannot be accepted", problems) }
        return Prepared(version: version, evaluation: evaluation)
    }

    /// An under-age submission where no guardian can be asked.
    static let guardianUnavailable = APIError.invalid(
        "guardian_confirmation_unavailable", "under the form's minimum age a parent or guardian must confirm by e-mail, and e-mail is off",
        field: "guardian")

    /// Records the prepared submission as one event and seals its evidence.
    static func record(
        _ prepared: Prepared, body: FormSubmissionRequest, property: Property, client: ClientContext,
        authentication: ConsentAuthentication, recorder: ConsentRecorder, forms: any FormEvidenceStore,
        directory: SubjectDirectory, mail: (any MailQueue)?, guardian: FormGuardianConfirmation? = nil
    ) async throws -> Recorded {
        let evaluation = prepared.evaluation
        let request = ConsentRequest(
            subject: body.subject, choices: evaluation.choices.mapValues(\.rawValue), region: body.region, locale: body.locale,
            idempotencyKey: body.idempotencyKey)
        let consent = try await recorder.record(
            request, in: property, client: client, authentication: authentication,
            form: FormStamp(reference: prepared.version.reference, expiries: evaluation.expiryRules))
        let email = body.email.flatMap(EmailAddress.normalized)
        guard !evaluation.signatures.isEmpty || !evaluation.fields.isEmpty || email != nil || guardian != nil else {
            return Recorded(consent: consent, evidence: false)
        }
        let event = consent.stored.event
        let contents = FormEvidence.Contents(
            signatures: evaluation.signatures, attested: true, fields: evaluation.fields,
            formHash: prepared.version.contentHash, locale: body.locale, email: email, guardian: guardian)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let sealed = try await directory.sealCopy(Array(try encoder.encode(contents)), for: event.subject, in: property.id)
        else { return Recorded(consent: consent, evidence: false) }
        try await forms.saveFormEvidence(
            FormEvidence(
                property: property.id, event: event.id, subject: event.subject, form: prepared.version.reference,
                signedAt: event.recordedAt, sealed: sealed))
        if email != nil, let mail, !consent.replayed {
            // After the commit, like the choices confirmation: the submission stands whether or not its copy queues.
            try? await mail.enqueue(FormCopy.request(.formCopy, event: event, form: prepared.version.reference))
        }
        return Recorded(consent: consent, evidence: true)
    }
}
