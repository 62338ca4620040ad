import ConsentStrings
import Foundation

/// Turns a validated submission into the event to store. Pure: the time, id and policy are passed in.
public enum ConsentEventBuilder {
    /// Consent strings are a few kilobytes at most even with thousands of vendors.
    public static let maximumConsentStringBytes = 16_384

    /// The event for a request whose subject was already validated and pseudonymised, under `policy` and `rule`;
    /// throws the `ConsentRequestError` of the first field at fault. `now` is truncated to milliseconds.
    public static func build(
        _ request: ConsentRequest,
        property: Property,
        policy: PolicyVersion,
        rule: RegionRule,
        subject: SubjectKey,
        client: ClientContext,
        authentication: ConsentAuthentication,
        id: EventID,
        at now: Date
    ) throws(ConsentRequestError) -> ConsentEvent {
        let source = try parseSource(request.source, authentication: authentication)
        try checkLength(request.tcString, field: "tcString")
        try checkLength(request.gppString, field: "gppString")
        let strings = try ConsentStringCheck.check(request, property: property)
        let rawChoices = PreferenceChoices.expand(
            derivedChoices(request, strings: strings, property: property, policy: policy), available: policy.activePurposes)
        guard !rawChoices.isEmpty else { throw .choicesMissing }
        var choices: [PurposeKey: ConsentChoice] = [:]
        var expiries: [PurposeKey: Date] = [:]
        let recordedAt = now.truncatedToMilliseconds
        for key in rawChoices.keys.sorted() {
            guard let purpose = policy.activePurposes.first(where: { $0.key.rawValue == key }) else {
                throw .purposeUnknown(key)
            }
            guard let choice = ConsentChoice(rawValue: rawChoices[key]!) else {
                throw .choiceInvalid(purpose: key, value: rawChoices[key]!)
            }
            if purpose.isRequired && choice == .denied { throw .requiredPurposeDenied(key) }
            choices[purpose.key] = choice
            let lifetimeDays = rule.lifetimeDays[purpose.key] ?? purpose.lifetimeDays
            expiries[purpose.key] = recordedAt.addingTimeInterval(TimeInterval(lifetimeDays) * 86_400)
        }
        if let region = request.region, !RequestValidation.isRegion(region) { throw .regionInvalid(region) }
        if let locale = request.locale, !RequestValidation.isLocale(locale) { throw .localeInvalid(locale) }
        if let key = request.idempotencyKey, !RequestValidation.isIdempotencyKey(key) { throw .idempotencyKeyInvalid }
        var clientTime: Date?
        if let text = request.clientTimestamp {
            guard let parsed = Date(rfc3339: text) else { throw .clientTimestampInvalid }
            clientTime = parsed.truncatedToMilliseconds
        }
        return ConsentEvent(
            id: id,
            property: property.id,
            subject: subject,
            choices: choices,
            expiresAt: expiries,
            regime: rule.regime,
            region: request.region,
            locale: request.locale,
            policyVersion: policy.version,
            policyHash: policy.contentHash,
            source: source,
            gpc: request.gpc ?? false,
            tcString: request.tcString,
            gppString: request.gppString,
            ipPrefix: client.address.flatMap(ClientAddress.truncated),
            userAgent: client.userAgent.flatMap(UserAgentFamily.reduce),
            clientTime: clientTime,
            recordedAt: recordedAt,
            idempotencyKey: request.idempotencyKey,
            authentication: authentication
        )
    }

    /// Checks the subject identifier before it is hashed and returns it normalised (`SubjectIdentifier`).
    public static func validateSubject(_ subject: String?) throws(ConsentRequestError) -> String {
        guard let subject, !subject.isEmpty else { throw .subjectMissing }
        let normalized = SubjectIdentifier.normalize(subject)
        guard normalized.utf8.count <= SubjectPseudonymizer.maximumIdentifierBytes else { throw .subjectTooLong }
        return normalized
    }

    /// Checks a validated subject against what its caller may record for: a keyless caller only for the
    /// anonymous visitor ids the SDK makes.
    public static func authorizeSubject(_ subject: String, _ authentication: ConsentAuthentication)
        throws(ConsentRequestError)
    {
        if authentication.isKeyless && !KeylessPolicy.isVisitorID(subject) { throw .keyRequired(field: "subject") }
    }

    /// The explicit choices with those the property's TCF purpose mapping derives from the strings added.
    private static func derivedChoices(
        _ request: ConsentRequest, strings: ConsentStringCheck.Checked, property: Property, policy: PolicyVersion
    ) -> [String: String] {
        guard !property.tcfPurposeMapping.isEmpty, let tc = strings.purposeSource else { return request.choices ?? [:] }
        let derived = TCFPurposeMapping.derive(
            property.tcfPurposeMapping, purposeConsents: tc.purposeConsents, eligible: policy.activePurposes)
        return TCFPurposeMapping.merge(explicit: request.choices, derived: derived)
    }

    /// The event's source: as given, else `banner` for a browser and `api` for a key holder. A keyless
    /// caller may only claim what a browser produces.
    private static func parseSource(_ text: String?, authentication: ConsentAuthentication) throws(ConsentRequestError)
        -> ConsentSource
    {
        guard let text else { return authentication.isKeyless ? .banner : .api }
        guard let source = ConsentSource(rawValue: text), source.isRecordable else { throw .sourceInvalid(text) }
        if authentication.isKeyless && !KeylessPolicy.allowedSources.contains(source) { throw .keyRequired(field: "source") }
        return source
    }

    private static func checkLength(_ value: String?, field: String) throws(ConsentRequestError) {
        if let value, value.utf8.count > maximumConsentStringBytes {
            throw .valueTooLong(field: field, limit: maximumConsentStringBytes)
        }
    }
}
