import AccordCore

/// The body of `POST /v1/properties/{property}/forms/{form}/submissions`.
struct FormSubmissionRequest: Decodable, Sendable {
    /// Who submits: any id with a `consents:write` key, an SDK visitor id without one.
    var subject: String?
    /// The published version shown; nil: the newest.
    var version: Int?
    /// The answers by item key: `true`/`false`, text, or `{"name", "attested"}` for a signature.
    var answers: [String: FormAnswer]?
    /// ISO 3166 region: selects which items are shown and required, and the regime recorded.
    var region: String?
    /// The BCP 47 language the form was shown in.
    var locale: String?
    /// For a person under the age rule's minimum: their parent or guardian.
    var guardian: FormGuardian?
    /// Where to e-mail a copy of the submission; kept only sealed with its evidence under the subject's vault key.
    var email: String?
    /// A retry with the same key answers the first submission.
    var idempotencyKey: String?
}

/// The answer to a submission.
struct FormSubmissionBody: Encodable {
    var event: RecordedConsentBody.EventSummary
    var form: FormReference
    var choices: [String: ConsentChoice]
    var receipt: String
    var evidence: Bool
}
