import Foundation

/// Turns a validated submission into the event to store. Pure: the time, id and policy are passed in.
public enum ConsentEventBuilder {
    /// Consent strings are a few kilobytes at most even with thousands of vendors.
    public static let maximumConsentStringBytes = 16_384

    public static func build(
        _ request: ConsentRequest,
        property: Property,
        policy: PolicyVersion,
        rule: RegionRule,
        subject: SubjectKey,
        client: ClientContext,
        id: EventID,
        at now: Date
    ) throws(ConsentRequestError) -> ConsentEvent {
        try checkLength(request.tcString, field: "tcString")
        try checkLength(request.gppString, field: "gppString")
        let strings = try ConsentStringCheck.check(request, property: property)
        let rawChoices = derivedChoices(request, strings: strings, property: property, policy: policy)
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
        let source = try parseSource(request.source)
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
            idempotencyKey: request.idempotencyKey
        )
    }

    /// Checks the subject identifier before it is hashed.
    public static func validateSubject(_ subject: String?) throws(ConsentRequestError) -> String {
        guard let subject, !subject.isEmpty else { throw .subjectMissing }
        guard subject.utf8.count <= SubjectPseudonymizer.maximumIdentifierBytes else { throw .subjectTooLong }
        return subject
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

    private static func parseSource(_ text: String?) throws(ConsentRequestError) -> ConsentSource {
        guard let text else { return .api }
        guard let source = ConsentSource(rawValue: text) else { throw .sourceInvalid(text) }
        return source
    }

    private static func checkLength(_ value: String?, field: String) throws(ConsentRequestError) {
        if let value, value.utf8.count > maximumConsentStringBytes {
            throw .valueTooLong(field: field, limit: maximumConsentStringBytes)
        }
    }
}
