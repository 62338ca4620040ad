extension TCFCanadaString {
    /// The iabgpp-es `tcfcav1` mapping: Boolean arrays for fixed bitfields, sorted id arrays for
    /// vendors; absent segments read as their defaults.
    public var json: JSONValue {
        let publisher = publisherPurposes ?? PublisherTC()
        return .object([
            "Version": .int(version), "Created": .string(created.iso8601), "LastUpdated": .string(lastUpdated.iso8601),
            "CmpId": .int(cmpID), "CmpVersion": .int(cmpVersion), "ConsentScreen": .int(consentScreen),
            "ConsentLanguage": .string(consentLanguage), "VendorListVersion": .int(vendorListVersion),
            "TcfPolicyVersion": .int(policyVersion), "UseNonStandardStacks": .bool(useNonStandardStacks),
            "SpecialFeatureExpressConsent": .bools(specialFeatureExpressConsents.booleans(length: 12)),
            "PurposesExpressConsent": .bools(purposeExpressConsents.booleans(length: 24)),
            "PurposesImpliedConsent": .bools(purposeImpliedConsents.booleans(length: 24)),
            "VendorExpressConsent": .ints(vendorExpressConsents),
            "VendorImpliedConsent": .ints(vendorImpliedConsents),
            "PubRestrictions": .array(publisherRestrictions.map(\.gppJSON)),
            "PubPurposesSegmentType": .int(3),
            "PubPurposesExpressConsent": .bools(publisher.purposeConsents.booleans(length: 24)),
            "PubPurposesImpliedConsent": .bools(publisher.purposeLegitimateInterests.booleans(length: 24)),
            "NumCustomPurposes": .int(publisher.numCustomPurposes),
            "CustomPurposesExpressConsent": .bools(publisher.customPurposeConsents.booleans(length: publisher.numCustomPurposes)),
            "CustomPurposesImpliedConsent": .bools(
                publisher.customPurposeLegitimateInterests.booleans(length: publisher.numCustomPurposes)),
            "DisclosedVendorsSegmentType": .int(1),
            "DisclosedVendors": .ints(disclosedVendors ?? []),
        ])
    }

    /// Reads the `tcfcav1` mapping; both optional segments are included (publisher purposes first).
    public init(json: JSONValue) throws {
        let fields = try JSONFields(json, "a tcfcav1 section")
        self.init(created: try fields.timestamp("Created"), lastUpdated: try fields.timestamp("LastUpdated"))
        version = try fields.int("Version")
        cmpID = try fields.int("CmpId")
        cmpVersion = try fields.int("CmpVersion")
        consentScreen = try fields.int("ConsentScreen")
        consentLanguage = try fields.string("ConsentLanguage")
        vendorListVersion = try fields.int("VendorListVersion")
        policyVersion = try fields.int("TcfPolicyVersion")
        useNonStandardStacks = try fields.bool("UseNonStandardStacks")
        specialFeatureExpressConsents = IDSet(booleans: try fields.bools("SpecialFeatureExpressConsent"))
        purposeExpressConsents = IDSet(booleans: try fields.bools("PurposesExpressConsent"))
        purposeImpliedConsents = IDSet(booleans: try fields.bools("PurposesImpliedConsent"))
        vendorExpressConsents = try fields.ids("VendorExpressConsent")
        vendorImpliedConsents = try fields.ids("VendorImpliedConsent")
        publisherRestrictions = try PublisherRestriction.gppList(try fields.value("PubRestrictions"))
        publisherPurposes = PublisherTC(
            purposeConsents: IDSet(booleans: try fields.bools("PubPurposesExpressConsent")),
            purposeLegitimateInterests: IDSet(booleans: try fields.bools("PubPurposesImpliedConsent")),
            numCustomPurposes: try fields.int("NumCustomPurposes"),
            customPurposeConsents: IDSet(booleans: try fields.bools("CustomPurposesExpressConsent")),
            customPurposeLegitimateInterests: IDSet(booleans: try fields.bools("CustomPurposesImpliedConsent")))
        disclosedVendors = try fields.ids("DisclosedVendors")
    }
}

extension PublisherRestriction {
    /// The iabgpp-es form `{"key": purpose, "type": restriction type, "ids": [vendor ids]}`.
    public var gppJSON: JSONValue {
        .object(["key": .int(purposeID), "type": .int(restrictionType.rawValue), "ids": .ints(vendorIDs)])
    }

    /// Reads an array of the iabgpp-es form.
    static func gppList(_ value: JSONValue) throws -> [PublisherRestriction] {
        guard case .array(let items) = value else {
            throw ConsentStringError(.invalidJSON, "publisher restrictions must be an array")
        }
        return try items.map { item in
            let fields = try JSONFields(item, "a publisher restriction")
            return PublisherRestriction(
                purposeID: try fields.int("key"), restrictionType: RestrictionType(rawValue: try fields.int("type")),
                vendorIDs: try fields.ids("ids"))
        }
    }
}
