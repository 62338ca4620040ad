/// Why a consent submission was refused; each case names the field at fault.
public enum ConsentRequestError: Error, Hashable, Sendable {
    /// No subject, or an empty one.
    case subjectMissing
    /// The normalised subject exceeds `SubjectPseudonymizer.maximumIdentifierBytes` bytes of UTF-8.
    case subjectTooLong
    /// No choice was named, and a TC string's purpose mapping derived none.
    case choicesMissing
    /// A choice names a key that is not an active purpose of the policy version.
    case purposeUnknown(String)
    /// A choice other than `granted` or `denied`.
    case choiceInvalid(purpose: String, value: String)
    /// A purpose marked `isRequired` was denied: required purposes can only be granted.
    case requiredPurposeDenied(String)
    /// A source that is not a `ConsentSource` a caller may record (`ConsentSource.isRecordable`).
    case sourceInvalid(String)
    /// The policy version named (or the property's current one) is not published.
    case policyVersionUnknown(Int)
    /// A region that is neither ISO 3166-1 alpha-2 nor ISO 3166-2 (`RequestValidation.isRegion`).
    case regionInvalid(String)
    /// A locale that is not a BCP 47 tag (`RequestValidation.isLocale`).
    case localeInvalid(String)
    /// A value longer than `limit` bytes; consent strings allow `ConsentEventBuilder.maximumConsentStringBytes`.
    case valueTooLong(field: String, limit: Int)
    /// An idempotency key that is not 1 to 255 printable ASCII characters.
    case idempotencyKeyInvalid
    /// The idempotency key was used before for a different request; nothing was stored.
    case idempotencyKeyReused
    /// A `clientTimestamp` that is not an RFC 3339 time.
    case clientTimestampInvalid
    /// A withdrawal naming unknown or required purposes, or leaving no purpose to deny.
    case purposesInvalid
    /// A TC string (`tcString`) or GPP string (`gppString`) sent to a property that does not enable it.
    case consentStringNotEnabled(field: String)
    /// The consent string does not decode; `reason` is the codec's `code: message`.
    case consentStringUndecodable(field: String, reason: String)
    /// The consent string decodes but breaks the TCF policies, one `code: message` per problem.
    case consentStringInvalid(field: String, issues: [String])
    /// Something a keyless (browser) caller may not do: name a subject other than an SDK visitor id, or a
    /// source other than a browser's. Needs a `consents:write` key.
    case keyRequired(field: String)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .subjectMissing: "subject_missing"
        case .subjectTooLong: "subject_too_long"
        case .choicesMissing: "choices_missing"
        case .purposeUnknown: "purpose_unknown"
        case .choiceInvalid: "choice_invalid"
        case .requiredPurposeDenied: "purpose_required"
        case .sourceInvalid: "source_invalid"
        case .policyVersionUnknown: "policy_version_unknown"
        case .regionInvalid: "region_invalid"
        case .localeInvalid: "locale_invalid"
        case .valueTooLong: "value_too_long"
        case .idempotencyKeyInvalid: "idempotency_key_invalid"
        case .idempotencyKeyReused: "idempotency_key_reused"
        case .clientTimestampInvalid: "client_timestamp_invalid"
        case .purposesInvalid: "purposes_invalid"
        case .consentStringNotEnabled(let field): field == "tcString" ? "tcf_not_enabled" : "gpp_not_enabled"
        case .consentStringUndecodable(let field, _): field == "tcString" ? "tc_string_malformed" : "gpp_string_malformed"
        case .consentStringInvalid(let field, _): field == "tcString" ? "tc_string_invalid" : "gpp_string_invalid"
        case .keyRequired: "key_required"
        }
    }

    /// The request field at fault, as a JSON path.
    public var field: String {
        switch self {
        case .subjectMissing, .subjectTooLong: "subject"
        case .choicesMissing: "choices"
        case .purposeUnknown(let key), .choiceInvalid(let key, _), .requiredPurposeDenied(let key): "choices.\(key)"
        case .sourceInvalid: "source"
        case .policyVersionUnknown: "policyVersion"
        case .regionInvalid: "region"
        case .localeInvalid: "locale"
        case .valueTooLong(let field, _): field
        case .idempotencyKeyInvalid, .idempotencyKeyReused: "idempotencyKey"
        case .clientTimestampInvalid: "clientTimestamp"
        case .purposesInvalid: "purposes"
        case .consentStringNotEnabled(let field), .consentStringUndecodable(let field, _), .consentStringInvalid(let field, _): field
        case .keyRequired(let field): field
        }
    }

    /// A sentence for the API's error body and the CLI; it may quote purpose keys, never the subject.
    public var message: String {
        switch self {
        case .subjectMissing: "subject is required"
        case .subjectTooLong: "subject must be at most \(SubjectPseudonymizer.maximumIdentifierBytes) bytes of UTF-8"
        case .choicesMissing: "choices must name at least one purpose"
        case .purposeUnknown(let key): "purpose '\(key)' is not defined for this property"
        case .choiceInvalid(let key, _): "choice for '\(key)' must be 'granted' or 'denied'"
        case .requiredPurposeDenied(let key): "purpose '\(key)' is required and cannot be denied"
        case .sourceInvalid:
            "source must be one of \(ConsentSource.allCases.filter(\.isRecordable).map(\.rawValue).joined(separator: ", "))"
        case .policyVersionUnknown(let version): "policy version \(version) is not published for this property"
        case .regionInvalid: "region must be an ISO 3166-1 alpha-2 code or ISO 3166-2 subdivision, e.g. DE or US-CA"
        case .localeInvalid: "locale must be a BCP 47 language tag, e.g. de or de-AT"
        case .valueTooLong(let field, let limit): "\(field) must be at most \(limit) bytes"
        case .idempotencyKeyInvalid: "idempotency key must be 1 to 255 printable ASCII characters"
        case .idempotencyKeyReused: "idempotency key was already used for a different request"
        case .clientTimestampInvalid: "clientTimestamp must be an RFC 3339 time"
        case .purposesInvalid: "purposes must list purpose keys of this property"
        case .consentStringNotEnabled(let field):
            field == "tcString"
                ? "this property does not accept TC strings (tcfEnabled is false)"
                : "this property does not accept GPP strings (gppEnabled is false)"
        case .consentStringUndecodable(let field, let reason): "\(field) cannot be decoded: \(reason)"
        case .consentStringInvalid(let field, let issues): "\(field) breaks the TCF policies: \(issues.joined(separator: "; "))"
        case .keyRequired(let field):
            field == "subject"
                ? "without an API key, subject must be a visitor id made by the banner SDK (av_ and 32 hex digits); "
                    + "other subjects need a consents:write key"
                : "without an API key, source must be one of banner, preferenceCenter, gpc; others need a consents:write key"
        }
    }
}
