import AccordCore
import Foundation
import Hummingbird

/// Forms by admin API (scope `admin`): save a draft, publish it as an immutable version, list, read a version.
struct AdminFormsController {
    let editor: ConfigurationEditor
    let forms: any FormStore
    let now: @Sendable () -> Date

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/forms", use: list)
        router.put("/v1/admin/properties/:property/forms/:form", use: save)
        router.get("/v1/admin/properties/:property/forms/:form", use: read)
        router.post("/v1/admin/properties/:property/forms/:form/publish", use: publish)
        router.get("/v1/admin/properties/:property/forms/:form/versions/:version", use: version)
    }

    @Sendable func save(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = try formKey(context)
        let draft = try await JSONBody.decode(FormDraft.self, from: request, context: context)
        let stored = StoredFormDraft(property: property.id, form: key, draft: draft, updatedAt: now(), updatedBy: context.actor)
        try await forms.saveFormDraft(stored)
        return try JSONBody.response(FormDraftBody(stored, problems: FormValidator.problems(of: draft, in: property)))
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = try formKey(context)
        guard let stored = try await forms.formDraft(key, of: property.id) else { throw Self.formNotFound(key) }
        return try JSONBody.response(FormDraftBody(stored, problems: FormValidator.problems(of: stored.draft, in: property)))
    }

    @Sendable func publish(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = try formKey(context)
        guard let stored = try await forms.formDraft(key, of: property.id) else { throw Self.formNotFound(key) }
        let problems = FormValidator.problems(of: stored.draft, in: property)
        guard problems.isEmpty else {
            throw APIError.problems("form_invalid", "form '\(key)' cannot be published", problems)
        }
        let latest = try await forms.latestFormVersion(of: key, in: property.id)
        if let latest, FormVersion.canonicalJSON(latest.draft) == FormVersion.canonicalJSON(stored.draft) {
            // Publishing what is already published changes nothing: the same version answers again.
            return try JSONBody.response(FormVersionBody(latest))
        }
        let version = FormVersion(
            property: property.id, form: key, version: (latest?.version ?? 0) + 1, draft: stored.draft, at: now(),
            by: context.actor)
        try await forms.saveFormVersion(version)
        return try JSONBody.response(FormVersionBody(version), status: .created)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let summaries = try await forms.forms(of: property.id).map { summary in
            FormSummaryBody(
                key: summary.form, kind: summary.draft?.draft.kind, title: summary.draft?.draft.title,
                draftUpdatedAt: summary.draft?.updatedAt.rfc3339, latestVersion: summary.latestVersion)
        }
        return try JSONBody.response(["forms": summaries])
    }

    @Sendable func version(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = try formKey(context)
        let raw = try context.parameters.require("version")
        guard let number = Int(raw), number > 0 else {
            throw APIError.invalid("version_invalid", "version must be a positive integer", field: "version")
        }
        guard let version = try await forms.formVersion(number, of: key, in: property.id) else {
            throw APIError(.notFound, code: "form_version_not_found", message: "form '\(key)' has no version \(number)")
        }
        return try JSONBody.response(FormVersionBody(version), headers: [.cacheControl: "private, max-age=86400, immutable"])
    }

    private func formKey(_ context: AdminRequestContext) throws -> String {
        let key = try context.parameters.require("form")
        guard FormKey.isWellFormed(key) else {
            throw APIError.invalid("form_key_invalid", "a form key is 1 to 64 lower-case letters, digits, - or _", field: "form")
        }
        return key
    }

    static func formNotFound(_ key: String) -> APIError {
        APIError(.notFound, code: "form_not_found", message: "no form '\(key)' in this property")
    }
}

/// A saved draft as the admin API answers it, with what publishing it would refuse.
struct FormDraftBody: Encodable {
    var key: String
    var draft: FormDraft
    var updatedAt: String
    var updatedBy: String
    var problems: [FormProblem]

    init(_ stored: StoredFormDraft, problems: [FormProblem]) {
        key = stored.form
        draft = stored.draft
        updatedAt = stored.updatedAt.rfc3339
        updatedBy = stored.updatedBy
        self.problems = problems
    }
}

/// A published version as the API answers it.
struct FormVersionBody: Encodable {
    var key: String
    var version: Int
    var contentHash: String
    var publishedAt: String
    var publishedBy: String
    var form: FormDraft

    init(_ version: FormVersion) {
        key = version.form
        self.version = version.version
        contentHash = version.contentHash
        publishedAt = version.publishedAt.rfc3339
        publishedBy = version.publishedBy
        form = version.draft
    }
}

/// One form in the admin listing.
struct FormSummaryBody: Encodable {
    var key: String
    var kind: FormKind?
    var title: [String: String]?
    var draftUpdatedAt: String?
    var latestVersion: Int?
}
